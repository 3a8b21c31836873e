import { isGroupAlive } from './group-members.js';
import { signalGroup } from './signal-group.js';
import { waitUntil } from './wait-until.js';

// How a group's cleanup went: whether it had to be asked or forced, and whether it is empty now.
export interface TerminateReport {
  wasAlive: boolean;
  forced: boolean;
  empty: boolean;
}

/** How long processes get to exit after SIGTERM before SIGKILL. */
export const TERMINATE_GRACE_MS = 300;

// Ends a whole process group: SIGTERM, a short grace, SIGKILL, then confirms nothing is left.
export async function terminateGroup(pgid: number, graceMs = TERMINATE_GRACE_MS): Promise<TerminateReport> {
  if (!isGroupAlive(pgid)) return { wasAlive: false, forced: false, empty: true };
  signalGroup(pgid, 'SIGTERM');
  if (await waitUntil(() => !isGroupAlive(pgid), graceMs)) return { wasAlive: true, forced: false, empty: true };
  signalGroup(pgid, 'SIGKILL');
  const empty = await waitUntil(() => !isGroupAlive(pgid), 5_000);
  return { wasAlive: true, forced: true, empty };
}

// Kills a group at once, synchronously: for the workshop's own exit, when there is no time to wait.
export function killGroupNow(pgid: number): void {
  signalGroup(pgid, 'SIGKILL');
}
