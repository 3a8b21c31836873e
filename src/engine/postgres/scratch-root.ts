import { accessSync, constants, readdirSync, readFileSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isLive } from '../proc/process-table.js';

/** A memory file system with less room than this (Docker gives /dev/shm 64 MB) is left alone. */
const MIN_FREE_BYTES = 512 * 1024 * 1024;
/** statfs's f_type of a tmpfs. */
const TMPFS_MAGIC = 0x01021994;

let chosen: string | undefined;

// Where a server's data folder goes: Linux's memory file system /dev/shm when it is one, writable and roomy,
// else the temporary folder. A data folder is about a thousand small files, written once and deleted after
// one check: on ext4 under load, copying the template took 1.3 to 3.9 s (0.4 s of CPU), on tmpfs 0.13 to 0.36 s.
export function serverScratchRoot(): string {
  if (chosen !== undefined) return chosen;
  chosen = tmpdir();
  if (process.platform !== 'linux') return chosen;
  try {
    const stats = statfsSync('/dev/shm');
    accessSync('/dev/shm', constants.W_OK | constants.X_OK);
    if (stats.type === TMPFS_MAGIC && stats.bavail * stats.bsize >= MIN_FREE_BYTES) chosen = '/dev/shm';
  } catch {
    // No /dev/shm, or not ours to write: the temporary folder.
  }
  return chosen;
}

/** A server folder this old whose postmaster is gone was left by a workshop that was killed outright. */
const STALE_AFTER_MS = 60 * 60 * 1000;

// Removes the server folders of workshops killed outright (SIGKILL: no cleanup of theirs ran; the parent-death
// signal stopped their servers but could not remove their folders, which on /dev/shm hold memory). A folder is
// stale once it is an hour old and no live process holds its postmaster.pid. Others' folders stay where this
// user may not remove them.
export function removeStaleServerFolders(root: string, prefix: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => name.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const folder = path.join(root, name);
    try {
      if (now - statSync(folder).mtimeMs < STALE_AFTER_MS) continue;
      const pid = Number(readFileSafe(path.join(folder, 'data', 'postmaster.pid')).split('\n')[0]);
      if (pid > 0 && isLive(pid)) continue;
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // Not ours to look into or remove.
    }
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
