import { isLive } from '../proc/process-table.js';

/** Processes forking as fast as they are killed are searched for again at most this often. */
const KILL_ROUNDS = 5;
/** How long a round waits, at most, for what it killed to be gone. */
const GONE_WITHIN_MS = 1_000;

/** SIGKILLs `target` (a pid, or minus a process group's id); one that is gone already, or not ours, is no error. */
export function sigkill(target: number): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // Gone already, or not ours.
  }
}

/**
 * Kills what `find` returns (with `kill`: SIGKILL by default), then searches again, until a search finds
 * nothing or KILL_ROUNDS rounds ran: processes may fork as fast as they are killed. Between rounds it waits
 * until those it killed are gone (SIGKILL is not instant), so that a search finds only newcomers. It blocks:
 * it cleans up on the way in or out of a command, where nothing else runs. Returns every pid it killed.
 */
export function killInRoundsSync(find: () => number[], kill: (pid: number) => void = sigkill): Set<number> {
  const killed = new Set<number>();
  for (let round = 0; round < KILL_ROUNDS; round++) {
    const found = find();
    if (found.length === 0) break;
    for (const pid of found) {
      kill(pid);
      killed.add(pid);
    }
    const deadline = Date.now() + GONE_WITHIN_MS;
    while (found.some(isLive) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  }
  return killed;
}
