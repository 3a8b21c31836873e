import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { workshopModuleFolders } from './student-packages.js';
import { VERIFIER_LOADER } from './verifier-loader.js';

/** The sandbox's own HOME and temporary folder: in its one writable area (see DISK_LIMIT_BYTES), gone when the run ends. */
export const SANDBOX_HOME = '/home/student';
export const SANDBOX_TMP = '/tmp';
/**
 * The sandbox's cache folder (XDG_CACHE_HOME) when it is shown one (the PostgreSQL template): outside the
 * writable area, in the read-only root, so a program can neither change what is in it nor swap a folder
 * above it for its own.
 */
export const SANDBOX_CACHE = '/var/cache/scaling-node-workshop-grade';
/**
 * What the sandbox may write, all in one place: one tmpfs of this size at /tmp holds /tmp itself and the
 * scratch folder (the lessons' folders and HOME); past it a write fails with ENOSPC, and nothing reaches
 * the machine's disk. Everything else is read-only: the root, /dev (so /dev/shm too) and the hidden folders
 * are tmpfs that bubblewrap makes and the sandbox then remounts read-only, since an unsized tmpfs would
 * let a program fill the machine's memory.
 */
export const DISK_LIMIT_BYTES = 64 * 1024 * 1024;

// The system a program needs to run, visible read-only; the instructor's home, the class folder and
// everything else of the machine are simply not there.
const systemFolders = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];
/** What the verifier needs of the workshop: its code, the lessons' data and its dependencies; never the reference solutions or the tests' fixtures. */
const WORKSHOP_ENTRIES = ['dist', 'lessons', 'package.json', 'node_modules'];

// One sandboxed run: its scratch folder (an empty folder in the writable area inside), the files shown
// in it, and what it reads.
export interface SandboxRun {
  /** The run's scratch folder on the machine: inside, a folder at insideScratch(scratchDir) holding HOME and the files below. */
  scratchDir: string;
  /** Files in the host's scratch folder (the student's copies), shown read-only at their insidePath; their folders are writable. */
  files?: readonly string[];
  /** The node_modules folder that `<scratch>/node_modules` links to inside. */
  packages?: string;
  /** More folders it may read (the student's own node_modules). */
  readOnly?: readonly string[];
  /** Folders shown read-only at another path inside (absolute: the PostgreSQL template, under SANDBOX_CACHE). */
  shownAt?: readonly { folder: string; inside: string }[];
  /** The command to run inside, e.g. node and the workshop's verifier. */
  command: readonly string[];
  /** A file descriptor bwrap inherits (the ELF interpreter, opened for reading): copied to VERIFIER_LOADER, executable by no one's reading. */
  loaderFd?: number;
}

/** Where the scratch folder is inside: at its own path when that is under /tmp (the writable area), else a folder of that name in /tmp. */
export function insideScratch(scratchDir: string): string {
  return isUnder(scratchDir, SANDBOX_TMP) ? scratchDir : path.join(SANDBOX_TMP, path.basename(scratchDir));
}

/** Where a file of the host's scratch folder is inside the sandbox. */
export function insidePath(scratchDir: string, file: string): string {
  return path.join(insideScratch(scratchDir), path.relative(scratchDir, file));
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
  const scratch = insideScratch(run.scratchDir);
  const root = process.getuid?.() === 0;
  const disableUserns = bwrapDisablesUserns();
  return [
    '--unshare-all',
    // Users of its own: for root, nobody inside; and no user namespace of the student's own, in which a
    // program could mount a tmpfs of any size (--disable-userns needs --unshare-user).
    ...(root || disableUserns ? ['--unshare-user'] : []),
    ...(root ? ['--uid', '65534', '--gid', '65534'] : []),
    ...(disableUserns ? ['--disable-userns'] : []),
    '--die-with-parent',
    // Run by root, bwrap would keep root's capabilities inside (enough to remount the read-only folders).
    '--cap-drop', 'ALL',
    // The one writable area first, so a read-only folder under /tmp is mounted on top of it.
    '--size', String(DISK_LIMIT_BYTES), '--tmpfs', SANDBOX_TMP,
    ...readOnly.flatMap((folder) => ['--ro-bind', folder, folder]),
    ...hiddenRootOnlyFiles(),
    ...links.flatMap((link) => ['--symlink', readlinkSync(link), link]),
    ...hidden(hiddenWorkshopEntries(readOnly)),
    ...(run.loaderFd === undefined ? [] : ['--perms', '0111', '--file', String(run.loaderFd), VERIFIER_LOADER]),
    '--dir', path.join(scratch, 'home'),
    '--symlink', path.join(scratch, 'home'), SANDBOX_HOME,
    ...(run.shownAt ?? []).flatMap(({ folder, inside }) => ['--ro-bind', folder, inside]),
    ...(run.files ?? []).flatMap((file) => ['--ro-bind', file, insidePath(run.scratchDir, file)]),
    ...(run.packages === undefined ? [] : ['--symlink', run.packages, path.join(scratch, 'node_modules')]),
    '--proc', '/proc',
    '--dev', '/dev',
    // bwrap's /dev (with /dev/shm in it) and the root are tmpfs without a size: read-only, nothing to fill.
    '--remount-ro', '/dev',
    '--remount-ro', '/',
    '--chdir', scratch,
    '--',
    ...run.command,
  ];
}

let disablesUserns: boolean | undefined;

/**
 * Whether this bwrap can forbid user namespaces inside the sandbox (`--disable-userns`, bubblewrap 0.8 and
 * later). Without it, a student's program can make one of its own and mount a tmpfs there that no limit
 * sees (half the machine's memory).
 */
export function bwrapDisablesUserns(): boolean {
  disablesUserns ??= spawnSync('bwrap', ['--help'], { encoding: 'utf8' }).stdout?.includes('--disable-userns') ?? false;
  return disablesUserns;
}

// Folders and files to hide: an empty tmpfs, read-only, over a folder; /dev/null over a file.
function hidden(entries: readonly string[]): string[] {
  return entries.flatMap((entry) => (entry.endsWith('/') ? ['--tmpfs', entry.slice(0, -1), '--remount-ro', entry.slice(0, -1)] : ['--ro-bind', '/dev/null', entry]));
}

// The workshop is shown by its WORKSHOP_ENTRIES alone; but an installed workshop lies in a node_modules
// folder the sandbox shows whole (its dependencies are hoisted there), and then its other entries (the
// reference solutions) are hidden. A folder is listed with a trailing slash.
function hiddenWorkshopEntries(readOnly: readonly string[]): string[] {
  if (!readOnly.some((folder) => isUnder(packageRoot, folder))) return [];
  return readdirSync(packageRoot, { withFileTypes: true })
    .filter((entry) => !WORKSHOP_ENTRIES.includes(entry.name))
    .map((entry) => path.join(packageRoot, entry.name) + (entry.isDirectory() ? '/' : ''));
}

// Whether `file` lies strictly under `folder`.
function isUnder(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** node's binary itself, links resolved: all of node's install the sandbox shows (its folder may be ~/bin, holding more of HOME). */
export function nodeBinary(): string {
  return realpathSync(process.execPath);
}

// What the verifier needs of the workshop (WORKSHOP_ENTRIES), and the node_modules folders its dependencies load from.
function workshopFolders(): string[] {
  return [...WORKSHOP_ENTRIES.map((entry) => path.join(packageRoot, entry)).filter((entry) => existsSync(entry)), ...workshopModuleFolders()];
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
  return hidden(rootOnly);
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
