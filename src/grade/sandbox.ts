import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { lchown } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { workshopModuleFolders } from './student-packages.js';

/** The sandbox's own HOME and temporary folder: empty tmpfs mounts, gone when the run ends. */
export const SANDBOX_HOME = '/home/student';
export const SANDBOX_TMP = '/tmp';

// The system a program needs to run, visible read-only; the instructor's home, the class folder and
// everything else of the machine are simply not there.
const systemFolders = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];

// One sandboxed run: the scratch folder it may write (seen at the same path inside) and what it reads.
export interface SandboxRun {
  /** The run's scratch folder on the host: the only place it can write that outlives nothing but the run. */
  scratchDir: string;
  /** More folders it may read (the student's own node_modules). */
  readOnly?: readonly string[];
  /** The command to run inside, e.g. node and the workshop's verifier. */
  command: readonly string[];
}

// The bubblewrap arguments of one run. Namespaces: its own pids (when its first process ends, the kernel
// ends every other, so nothing outlives the run), its own network with only its own loopback (the verifier
// runs inside too, so cluster lessons reach their ports), and its own IPC, hostname and (where allowed) users.
// No --new-session: the caller starts bwrap in a session of its own, without a terminal, and a kill of that
// process group then reaches bwrap and the verifier at once.
export function bwrapArgs(run: SandboxRun): string[] {
  const present = systemFolders.filter((folder) => existsSync(folder));
  // A merged-/usr system's /bin is a link to usr/bin: recreated as the same link.
  const links = present.filter((folder) => lstatSync(folder).isSymbolicLink());
  const readOnly = uniqueFolders([...present.filter((folder) => !links.includes(folder)), nodePrefix(), ...workshopFolders(), ...(run.readOnly ?? [])]);
  return [
    '--unshare-all',
    '--die-with-parent',
    // Run by root, bwrap would keep root's capabilities inside (enough to remount the read-only folders).
    '--cap-drop', 'ALL',
    // tmpfs first, so a read-only folder or the scratch folder that lives under /tmp is mounted on top.
    '--tmpfs', SANDBOX_TMP,
    '--tmpfs', SANDBOX_HOME,
    ...readOnly.flatMap((folder) => ['--ro-bind', folder, folder]),
    ...links.flatMap((link) => ['--symlink', readlinkSync(link), link]),
    '--bind', run.scratchDir, run.scratchDir,
    '--proc', '/proc',
    '--dev', '/dev',
    '--chdir', run.scratchDir,
    '--',
    ...run.command,
  ];
}

// The installation `process.execPath` belongs to (/usr for /usr/bin/node, ~/.nvm/versions/node/v22 …).
function nodePrefix(): string {
  return path.dirname(path.dirname(realpathSync(process.execPath)));
}

// The workshop and the node_modules folders its dependencies load from.
function workshopFolders(): string[] {
  return [packageRoot, ...workshopModuleFolders()];
}

// Each folder once, and none inside another already listed (a bind of /usr already shows /usr/lib/node).
function uniqueFolders(folders: string[]): string[] {
  const sorted = [...new Set(folders.map((folder) => path.resolve(folder)))].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const folder of sorted) {
    if (!kept.some((outer) => folder === outer || folder.startsWith(outer.endsWith('/') ? outer : `${outer}/`))) kept.push(folder);
  }
  return kept;
}

/** The unprivileged user (nobody) a sandbox runs as when grade itself runs as root. */
const NOBODY = { uid: 65534, gid: 65534 };

// Who the sandbox runs as: grade's own user, or nobody when that is root, since root without capabilities
// still owns (and so can read) the system's root-only files: /etc/shadow, ssh host keys.
export function sandboxUser(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? NOBODY : undefined;
}

// Hands the scratch folder and what grade put in it to the sandbox's user, so the run can write there.
export async function giveToSandboxUser(files: readonly string[]): Promise<void> {
  const user = sandboxUser();
  if (!user) return;
  await Promise.all(files.map((file) => lchown(file, user.uid, user.gid)));
}
