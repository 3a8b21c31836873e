import { treeOf } from '../proc/process-tree.js';
import { readProcess } from '../proc/process-table.js';

/** How long a program's processes are watched for a sign of work. */
export const WORKING_WINDOW_MS = 300;

function cpuTicksOf(pids: readonly number[]): { ticks: number; runnable: boolean } {
  let ticks = 0;
  let runnable = false;
  for (const pid of pids) {
    const info = readProcess(pid);
    if (!info) continue;
    ticks += info.cpuTicks;
    // R: running or waiting for a CPU (a loaded machine); D: in the kernel, on disk, say.
    if (info.state === 'R' || info.state === 'D') runnable = true;
  }
  return { ticks, runnable };
}

/**
 * True when one of the program's processes is still working: it used CPU time within `windowMs`, or is
 * runnable (waiting for a CPU). A program that is still starting on a loaded machine (node, then tsx
 * compiling TypeScript) works; one that waits for nothing that will come sleeps. False where there is no
 * /proc: without evidence, a deadline stays a deadline.
 */
export async function isStillWorking(pid: number, windowMs = WORKING_WINDOW_MS): Promise<boolean> {
  const pids = treeOf(pid);
  const before = cpuTicksOf(pids);
  if (before.ticks === 0 && readProcess(pid) === undefined) return false;
  if (before.runnable) return true;
  await new Promise((resolve) => setTimeout(resolve, windowMs).unref());
  const after = cpuTicksOf(pids);
  return after.runnable || after.ticks > before.ticks;
}
