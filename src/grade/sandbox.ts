import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { workshopModuleFolders } from './student-packages.js';
import { VERIFIER_LOADER } from './verifier-loader.js';

/** The sandbox's own HOME and temporary folder: in memory (tmpfs), gone when the run ends. */
export const SANDBOX_HOME = '/home/student';
export const SANDBOX_TMP = '/tmp';
/**
 * What the sandbox's /tmp may hold, and what its scratch folder (the lessons' folders and HOME) may hold:
 * each a tmpfs of this size, 64 MB together; past it a write fails with ENOSPC. Nothing reaches the
 * machine's disk. (bubblewrap 0.8 sizes each tmpfs on its own; one budget for both would need a tmpfs
 * holding both, and /tmp and the scratch folder cannot both be inside one.)
 */
export const DISK_LIMIT_BYTES = 32 * 1024 * 1024;

// The system a program needs to run, visible read-only; the instructor's home, the class folder and
// everything else of the machine are simply not there.
const systemFolders = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];

// One sandboxed run: its scratch folder (an empty tmpfs at the host folder's path inside), the files shown
// in it, and what it reads.
export interface SandboxRun {
  /** The run's scratch folder: inside, a tmpfs at this path holding HOME and the files below. */
  scratchDir: string;
  /** Files in the host's scratch folder (the student's copies), shown read-only at the same path inside; their folders are writable. */
  files?: readonly string[];
  /** The node_modules folder that `<scratchDir>/node_modules` links to inside. */
  packages?: string;
  /** More folders it may read (the student's own node_modules). */
  readOnly?: readonly string[];
  /** The command to run inside, e.g. node and the workshop's verifier. */
  command: readonly string[];
  /** A file descriptor bwrap inherits (the ELF interpreter, opened for reading): copied to VERIFIER_LOADER, executable by no one's reading. */
  loaderFd?: number;
  /** Folders of the workshop to hide (an empty folder in their place): the reference solutions. */
  hidden?: readonly string[];
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
  const readOnly = uniqueFolders([...present.filter((folder) => !links.includes(folder)), nodeBinary(), ...workshopFolders(), ...(run.readOnly ?? [])]);
  return [
    '--unshare-all',
    '--die-with-parent',
    // Run by root, bwrap would keep root's capabilities inside (enough to remount the read-only folders).
    '--cap-drop', 'ALL',
    // tmpfs first, so a read-only folder or the scratch folder that lives under /tmp is mounted on top.
    '--size', String(DISK_LIMIT_BYTES), '--tmpfs', SANDBOX_TMP,
    ...readOnly.flatMap((folder) => ['--ro-bind', folder, folder]),
    ...hiddenRootOnlyFiles(),
    ...links.flatMap((link) => ['--symlink', readlinkSync(link), link]),
    ...(run.hidden ?? []).flatMap((folder) => ['--tmpfs', folder]),
    ...(run.loaderFd === undefined ? [] : ['--perms', '0111', '--file', String(run.loaderFd), VERIFIER_LOADER]),
    '--size', String(DISK_LIMIT_BYTES), '--tmpfs', run.scratchDir,
    '--dir', path.join(run.scratchDir, 'home'),
    '--symlink', path.join(run.scratchDir, 'home'), SANDBOX_HOME,
    ...(run.files ?? []).flatMap((file) => ['--ro-bind', file, file]),
    ...(run.packages === undefined ? [] : ['--symlink', run.packages, path.join(run.scratchDir, 'node_modules')]),
    '--proc', '/proc',
    '--dev', '/dev',
    '--chdir', run.scratchDir,
    '--',
    ...run.command,
  ];
}

/** node's binary itself, links resolved: all of node's install the sandbox shows (its folder may be ~/bin, holding more of HOME). */
export function nodeBinary(): string {
  return realpathSync(process.execPath);
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

// What only root may read in the system folders (/etc/shadow, private keys): hidden from the sandbox when
// grade runs as root, since its processes are then root too (without capabilities, but owning those files).
// Measured once: a folder gets an empty tmpfs over it, a file /dev/null.
let rootOnly: string[] | undefined;
function hiddenRootOnlyFiles(): string[] {
  if (process.getuid?.() !== 0) return [];
  rootOnly ??= findRootOnly('/etc');
  return rootOnly.flatMap((entry) => (entry.endsWith('/') ? ['--tmpfs', entry.slice(0, -1)] : ['--ro-bind', '/dev/null', entry]));
}

function findRootOnly(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isSymbolicLink() || !(entry.isFile() || entry.isDirectory())) return [];
    const othersMayRead = (lstatSync(file).mode & 0o004) !== 0;
    if (entry.isDirectory()) return othersMayRead ? findRootOnly(file) : [`${file}/`];
    return othersMayRead ? [] : [file];
  });
}
