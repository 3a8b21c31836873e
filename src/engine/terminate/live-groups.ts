import { killGroupNow } from './terminate-group.js';

const liveGroups = new Set<number>();
let exitHookInstalled = false;

// Remembers a learner's process group so that it is killed if the workshop itself goes away.
export function trackGroup(pgid: number): void {
  liveGroups.add(pgid);
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
  for (const pgid of liveGroups) killGroupNow(pgid);
  liveGroups.clear();
}

// The groups still tracked (for tests and diagnostics).
export function trackedGroups(): number[] {
  return [...liveGroups];
}
