import { treeOf } from '../proc/process-tree.js';
import { readProcess, readThread, readThreadIds } from '../proc/process-table.js';

/** How long a program's processes are watched for a sign of work. */
export const WORKING_WINDOW_MS = 300;

// The CPU time of each of the given processes (clock ticks of every thread, and of the children it has
// reaped), and whether one of their threads is runnable. Each thread's state counts: a program's main thread
// may wait on another (node's module hooks thread compiling TypeScript) that is waiting for a CPU.
function activityOf(pids: readonly number[]): { ticks: Map<number, number>; runnable: boolean } {
  const ticks = new Map<number, number>();
  let runnable = false;
  for (const pid of pids) {
    const info = readProcess(pid);
    if (!info) continue;
    ticks.set(pid, info.cpuTicks + info.reapedCpuTicks);
    if (runnable) continue;
    for (const tid of readThreadIds(pid) ?? []) {
      const state = readThread(pid, tid)?.state;
      // R: running or waiting for a CPU (a loaded machine); D: in the kernel, on disk, say.
      if (state === 'R' || state === 'D') runnable = true;
    }
  }
  return { ticks, runnable };
}

// True when a process used CPU time between the two looks, started, or ended (it worked up to its exit).
// Per process: a child that ends takes its ticks out of a sum.
function workedBetween(before: Map<number, number>, after: Map<number, number>): boolean {
  for (const [pid, ticks] of after) if ((before.get(pid) ?? -1) < ticks) return true;
  for (const pid of before.keys()) if (!after.has(pid)) return true;
  return false;
}

// Whether a process has ended: a zombie, or gone.
const ended = (pid: number) => ['Z', 'X', undefined].includes(readProcess(pid)?.state);

/**
 * True when one of the program's processes is still working: they used CPU time within `windowMs`, or
 * one of their threads is runnable (waiting for a CPU). Also true when the program has ended and its
 * parent has yet to hear (a zombie: the parent's event loop is busy), or it ends within the window: its
 * exit is on its way. A program that is still starting on a loaded machine (node, then tsx compiling
 * TypeScript) works; one that waits for nothing that will come sleeps, and so does one woken now and then
 * by a timer that does nothing (its wakes cost no measurable CPU time). False for a program that is gone,
 * and where there is no /proc: without evidence, a deadline stays a deadline. A zombie that is never
 * reaped stays "working": the caller bounds how long it waits.
 */
export async function isStillWorking(pid: number, windowMs = WORKING_WINDOW_MS): Promise<boolean> {
  const state = readProcess(pid)?.state;
  if (state === undefined) return false;
  if (state === 'Z' || state === 'X') return true;
  const before = activityOf(treeOf(pid));
  if (before.runnable) return true;
  await new Promise((resolve) => setTimeout(resolve, windowMs).unref());
  if (ended(pid)) return true;
  const after = activityOf(treeOf(pid));
  return after.runnable || workedBetween(before.ticks, after.ticks);
}
