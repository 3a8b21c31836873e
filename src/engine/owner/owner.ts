import { readProcess, readPidNamespace } from '../proc/process-table.js';

/**
 * A workshop process as another process can recognize it later: its pid, when it started (clock ticks
 * since boot, so a reused pid is not taken for it) and its pid namespace (a pid means something only in
 * its own: grading's sandbox has another). Written into every run's mark and every run folder's name.
 */
export interface Owner {
  pid: number;
  startTicks: number;
  pidNamespace: number;
}

/** The prefix of the folder that says a workshop has runs (see startGuardian). */
export const OWNER_FOLDER_PREFIX = 'snw-owner-';

// "o<pid>_<start ticks>_<pid namespace inode>": word characters only, like the rest of a run folder's name.
const TAG_PATTERN = /\bo(\d+)_(\d+)_(\d+)_/;

// When a process started (/proc/<pid>/stat field 22), and whether it is still alive (not a zombie).
function startOf(pid: number): { startTicks: number; alive: boolean } | undefined {
  const info = readProcess(pid);
  return info && { startTicks: info.startTicks, alive: info.state !== 'Z' && info.state !== 'X' };
}

/** The inode of this process's pid namespace; 0 where unknown. */
export function ownPidNamespace(): number {
  return readPidNamespace('self');
}

let own: string | undefined;

/** This workshop process as an owner tag ("o4242_123456_4026531836"); "o<pid>_0_0" where there is no /proc. */
export function ownerTag(): string {
  own ??= `o${process.pid}_${startOf(process.pid)?.startTicks ?? 0}_${ownPidNamespace()}`;
  return own;
}

/** The owner a mark or a folder name carries, or undefined when it carries none (made by another version). */
export function parseOwner(text: string): Owner | undefined {
  const match = TAG_PATTERN.exec(text);
  if (!match) return undefined;
  return { pid: Number(match[1]), startTicks: Number(match[2]), pidNamespace: Number(match[3]) };
}

/** True while the owner process lives: the same pid, started at the same moment, and not a zombie. */
export function ownerAlive(owner: Owner): boolean {
  const found = startOf(owner.pid);
  return found !== undefined && found.alive && found.startTicks === owner.startTicks;
}
