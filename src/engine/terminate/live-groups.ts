import { killGroupNow } from './terminate-group.js';

const liveGroups = new Map<number, string | undefined>();
let exitHookInstalled = false;

// Remembers a learner's process group (and its run's mark) so that it is killed if the workshop itself goes away.
export function trackGroup(pgid: number, mark?: string): void {
  liveGroups.set(pgid, mark);
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
