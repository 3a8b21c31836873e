import { startGuardian } from '../owner/guardian.js';
import { killGroupNow } from './terminate-group.js';

const liveGroups = new Map<number, string | undefined>();
let exitHookInstalled = false;

// Remembers a learner's process group (and its run's mark) so that it is killed if the workshop itself goes away.
export function trackGroup(pgid: number, mark?: string): void {
  liveGroups.set(pgid, mark);
  // Whatever ends this workshop, even SIGKILL, its guardian ends the groups it leaves. Started after the
  // first process, not before: its start (some 3 ms) then overlaps the program's, and until it is up the
  // process itself carries the parent-death signal (see withParentDeathSignal).
  startGuardian();
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killAllGroupsNow);
  }
}

// Forgets a group once it has been cleaned up.
export function untrackGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

// SIGKILLs every tracked group (the workshop is exiting or was interrupted).
export function killAllGroupsNow(): void {
  for (const [pgid, mark] of liveGroups) killGroupNow(pgid, mark);
  liveGroups.clear();
}

// The groups still tracked (for tests and diagnostics).
export function trackedGroups(): number[] {
  return [...liveGroups.keys()];
}
