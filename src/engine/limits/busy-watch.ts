import { treeOf } from '../proc/process-tree.js';
import { CPU_TICKS_PER_SECOND, readBytesWritten, readProcess } from '../proc/process-table.js';
import type { OutputCapture } from '../program/output-capture.js';

/**
 * A process of a program that uses this much CPU time while the program prints nothing is spinning. No
 * right program of the course computes silently for that long in one process (lesson 3's 100,000 lines take
 * about 0.5 s of CPU and print as they go; node and tsx starting, or a worker serving the check's requests,
 * take far less). CPU time only grows while a process runs, so a loaded machine, which slows a program
 * down, cannot make it look busy.
 */
export const BUSY_CPU_MS = 2_500;

/** How often the program's CPU time is read while it runs. */
const SAMPLE_MS = 200;

// What a busy program did: which process, the CPU time it used since the program's last output, over how
// much wall time, and how much the program had printed before (bytes, both streams).
export interface Busy {
  pid: number;
  cpuMs: number;
  wallMs: number;
  printed: number;
}

// What the watch needs of a program: its pid, its output, and when it ends.
export interface WatchedProgram {
  pid: number;
  stdout: OutputCapture;
  stderr: OutputCapture;
  exited: Promise<unknown>;
  /** True while its stdout is held unread (see StartOptions.holdStdout): silence then says nothing. */
  holdingStdout?: boolean;
}

// Calls back once when one of the program's processes has used BUSY_CPU_MS of CPU since the program's last
// output (or its start); returns the function that stops watching. Nothing happens where there is no /proc.
export function watchBusy(program: WatchedProgram, onBusy: (busy: Busy) => void, cpuMs = BUSY_CPU_MS): () => void {
  const lastTicks = new Map<number, number>();
  const lastWritten = new Map<number, number | undefined>();
  const quietTicks = new Map<number, number>();
  let quietSince = Date.now();
  let printed = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sample = () => {
    if (stopped) return;
    const output = program.stdout.bytes + program.stderr.bytes;
    if (output !== printed || program.holdingStdout) {
      printed = output;
      quietTicks.clear();
      quietSince = Date.now();
    }
    for (const pid of treeOf(program.pid)) {
      const ticks = readProcess(pid)?.cpuTicks;
      if (ticks === undefined) continue;
      // A process that wrote (to its pipes, a file, a socket) since the last sample is working, not spinning:
      // seen at the source, so output still in a pipe this process has not read yet counts too.
      const written = readBytesWritten(pid);
      if (written !== lastWritten.get(pid)) quietTicks.delete(pid);
      lastWritten.set(pid, written);
      const quiet = (quietTicks.get(pid) ?? 0) + Math.max(0, ticks - (lastTicks.get(pid) ?? ticks));
      lastTicks.set(pid, ticks);
      quietTicks.set(pid, quiet);
      const usedMs = (quiet * 1000) / CPU_TICKS_PER_SECOND;
      if (usedMs >= cpuMs) {
        stop();
        onBusy({ pid, cpuMs: usedMs, wallMs: Date.now() - quietSince, printed });
        return;
      }
    }
    // After the next round of I/O: output waiting in the pipes is read (and counted) before the next judgement.
    timer = setTimeout(() => setImmediate(sample), SAMPLE_MS).unref();
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  if (readProcess(program.pid) === undefined) return stop;
  void program.exited.then(stop);
  // From the first sample on: node's own start (and tsx's) is not the program spinning.
  sample();
  return stop;
}
