import { readFileSync } from 'node:fs';
import { readCapabilities } from '../proc/process-table.js';
import { findExecutable } from '../find-executable.js';

// Who PostgreSQL's programs run as, and how they are started. initdb and postgres refuse to run as root;
// run by root (CI, a container), they run as the unprivileged user `nobody` instead (setpriv switches before
// exec, so the pid stays the server's own), in folders given to that user. On Linux they also get a
// parent-death signal (SIGQUIT, PostgreSQL's immediate shutdown): a workshop killed outright, which can run
// no cleanup of its own, still leaves no server running.
export interface ServerLauncher {
  /** The command and arguments that run `program args` as the server's user. */
  command(program: string, args: readonly string[]): { file: string; args: string[] };
  /** The owner to give the server's folders; undefined when the workshop's own user runs the server. */
  owner: { uid: number; gid: number } | undefined;
}

// PostgreSQL cannot run at all: root, without a way to become another user.
export class ServerUserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerUserError';
  }
}

/** util-linux's setpriv: /usr/bin on every Linux distribution, also when PATH is cut down (grading). */
const SETPRIV_FOLDERS = ['/usr/bin', '/bin'];

// How to start PostgreSQL's programs from this process (`uid` is the workshop's own: tests pass another).
export function serverLauncher(uid = process.getuid?.(), env: NodeJS.ProcessEnv = process.env): ServerLauncher {
  const setpriv = process.platform === 'linux' ? (findExecutable('setpriv', env.PATH) ?? findExecutable('setpriv', SETPRIV_FOLDERS.join(':'))) : undefined;
  if (uid !== 0) {
    if (!setpriv) return { owner: undefined, command: (program, args) => ({ file: program, args: [...args] }) };
    return { owner: undefined, command: (program, args) => ({ file: setpriv, args: ['--pdeathsig', 'QUIT', '--', program, ...args] }) };
  }
  if (!setpriv) throw new ServerUserError('PostgreSQL refuses to run as root, and setpriv (util-linux) is not installed to run it as the user nobody');
  if (!rootMayActAsOthers()) throw new ServerUserError('PostgreSQL refuses to run as root, and this root lacks the capabilities to run it as the user nobody (a sandbox that dropped them)');
  const owner = nobody();
  const switchUser = ['--reuid', String(owner.uid), '--regid', String(owner.gid), '--clear-groups'];
  return { owner, command: (program, args) => ({ file: setpriv, args: [...switchUser, '--pdeathsig', 'QUIT', '--', program, ...args] }) };
}

// The user `nobody` as /etc/passwd has it (65534 where it is not listed).
function nobody(): { uid: number; gid: number } {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('nobody:'));
    const [, , uid, gid] = line?.split(':') ?? [];
    if (uid !== undefined && gid !== undefined && /^\d+$/.test(uid) && /^\d+$/.test(gid)) return { uid: Number(uid), gid: Number(gid) };
  } catch {
    // No /etc/passwd: the conventional ids.
  }
  return { uid: 65534, gid: 65534 };
}

/** CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_SETGID and CAP_SETUID: to give the server's folders to nobody, fill them, and become nobody. */
const NEEDED_CAPABILITIES = (1n << 0n) | (1n << 1n) | (1n << 6n) | (1n << 7n);

// Whether this root has the capabilities it needs (a sandbox such as grading's bwrap --cap-drop ALL has none).
function rootMayActAsOthers(): boolean {
  const effective = readCapabilities('self');
  return effective === undefined || (effective & NEEDED_CAPABILITIES) === NEEDED_CAPABILITIES;
}
