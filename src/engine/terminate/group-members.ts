import { hasProcTable, listProcesses } from '../proc/process-table.js';

// The pids still alive in a process group (zombies do not count: they have already exited).
export function groupMembers(pgid: number): number[] {
  if (hasProcTable) return listProcesses().filter((info) => info.pgid === pgid).map((info) => info.pid);
  try {
    process.kill(-pgid, 0);
    return [pgid];
  } catch {
    return [];
  }
}

// True while any process of the group is alive.
export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  return groupMembers(pgid).length > 0;
}
