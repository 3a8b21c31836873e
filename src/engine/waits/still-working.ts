import { treeOf } from '../proc/process-tree.js';
import { readProcess, readThread, readThreadIds } from '../proc/process-table.js';

/** How long a program's processes are watched for a sign of work. */
export const WORKING_WINDOW_MS = 300;

// Every thread of the given processes ("pid/tid"), with how often it has run, and whether one of them is
// runnable. Each thread counts: a program's main thread may wait on another (node's module hooks thread
// compiling TypeScript) that is waiting for a CPU.
function threadsOf(pids: readonly number[]): { switches: Map<string, number>; runnable: boolean } {
  const switches = new Map<string, number>();
  let runnable = false;
  for (const pid of pids) {
    for (const tid of readThreadIds(pid) ?? []) {
      const thread = readThread(pid, tid);
      if (!thread) continue;
      switches.set(`${pid}/${tid}`, thread.switches);
      // R: running or waiting for a CPU (a loaded machine); D: in the kernel, on disk, say.
      if (thread.state === 'R' || thread.state === 'D') runnable = true;
    }
  }
  return { switches, runnable };
}

// True when a thread ran between the two samples, or appeared (a new thread or process is work).
function ranBetween(before: Map<string, number>, after: Map<string, number>): boolean {
  for (const [key, switches] of after) if (before.get(key) !== switches) return true;
  return false;
}

// Whether a process has ended: a zombie, or gone.
const ended = (pid: number) => ['Z', 'X', undefined].includes(readProcess(pid)?.state);

/**
 * True when one of the program's processes is still working: a thread of theirs ran within `windowMs`
 * (its context switches, which count a run of any length, unlike CPU ticks of 10 ms), or is runnable
 * (waiting for a CPU). Also true when the program has ended and its parent has yet to hear (a zombie: the
 * parent's event loop is busy), or it ends within the window: its exit is on its way. A program that is
 * still starting on a loaded machine (node, then tsx compiling TypeScript) works; one that waits for
 * nothing that will come sleeps. False for a program that is gone, and where there is no /proc: without
 * evidence, a deadline stays a deadline.
 */
export async function isStillWorking(pid: number, windowMs = WORKING_WINDOW_MS): Promise<boolean> {
  const state = readProcess(pid)?.state;
  if (state === undefined) return false;
  if (state === 'Z' || state === 'X') return true;
  const before = threadsOf(treeOf(pid));
  if (before.runnable) return true;
  await new Promise((resolve) => setTimeout(resolve, windowMs).unref());
  if (ended(pid)) return true;
  const after = threadsOf(treeOf(pid));
  return after.runnable || ranBetween(before.switches, after.switches);
}
