import type { WatchedProgram } from './busy-watch.js';
import { readOwnMemoryKb } from '../proc/process-table.js';
import { treeOf } from '../proc/process-tree.js';
import { seconds } from '../seconds.js';

/**
 * How much memory of their own (see residentMb) a program's processes may hold together, unless its check
 * allows more (a cluster check adds some for each worker it expects). No right program of the course comes
 * near it (a node process holds about 10 MB of its own); a program that grows without end passes it within
 * seconds, long before it could starve the machine.
 */
export const DEFAULT_MEMORY_LIMIT_MB = 512;

let defaultLimitMb = DEFAULT_MEMORY_LIMIT_MB;

/**
 * Sets the limit of every program whose check names none (DEFAULT_MEMORY_LIMIT_MB until then). grade sets it:
 * to its `--memory` without a sandbox, and to Infinity inside one, whose watch from outside holds all of a
 * student's processes to that limit.
 */
export function setDefaultMemoryLimitMb(limitMb: number): void {
  defaultLimitMb = limitMb;
}

/** The limit of a program whose check names none (see setDefaultMemoryLimitMb). */
export function defaultMemoryLimitMb(): number {
  return defaultLimitMb;
}

/**
 * The fastest a process is taken to grow (MB per ms): a loop touching fresh memory manages 1 to 3 GB a second.
 * The next look comes before the program could pass the limit by much at this speed, so a program is stopped
 * within a few tens of MB past it, while one far below it is looked at rarely.
 */
const FASTEST_GROWTH_MB_PER_MS = 4;
const MIN_SAMPLE_MS = 10;
const MAX_SAMPLE_MS = 250;
/**
 * Writes queued in the program's own memory show from outside as a burst of output (as fast as it could
 * write, until the pipe was full once) that then stops while memory grows: Node sends queued writes only
 * between turns of the event loop, and a loop that never yields gives it none. A burst is this much output,
 * all of it within BURST_MS; it stopped when nothing came for OUTPUT_STALL_MS.
 */
const BURST_BYTES = 4096;
const BURST_LINES = 50;
const BURST_MS = 500;
const OUTPUT_STALL_MS = 300;

// What a program did that passed its memory limit, or, with `busyCpuMs`, what a program that queues its
// writes did before it passed it (see MemoryWatch.queuedWrites).
export interface MemoryExceeded {
  limitMb: number;
  /** What its processes used together when it was seen. */
  usedMb: number;
  /** How many processes that was, and the largest of them. */
  processes: number;
  largestPid: number;
  /** Since the program started: how long, and how fast it grew on average (MB per second). */
  afterMs: number;
  growthMbPerSecond: number;
  /** Set when its output came in a burst that then stopped while its memory grew: its writes were queued. */
  outputStalled?: { bytes: number; lines: number };
  /** Set when it was judged below its limit, having kept a core busy this long (see MemoryWatch.queuedWrites). */
  busyCpuMs?: number;
}

/**
 * A program that spins while its memory holds at least this much of its own, its output stopped after a
 * burst, is queueing its writes (a node process holds about 10 MB of its own).
 */
const QUEUED_WRITES_MB = 128;

/** A watch on a program's memory (see watchMemory). */
export interface MemoryWatch {
  stop(): void;
  /**
   * Looks now, for a program found spinning (`busyCpuMs` of CPU time without output): when its output
   * stopped after a burst and its memory holds QUEUED_WRITES_MB or more, its writes are queued in its
   * memory, and what it did is returned (the watch then ends). Such a loop both spins and grows: which limit
   * it meets first depends on how fast the machine gives it memory, so either way it is told the cause.
   */
  queuedWrites(busyCpuMs: number): MemoryExceeded | undefined;
}

// The memory one process holds of its own, in MB: its resident anonymous memory (RssAnon: heap, buffers,
// stacks), not the pages of the node binary and libraries that every node process shares (some 35 MB each).
// VmRSS on kernels before 4.5, which lack RssAnon. Undefined when it is gone or cannot be read.
export function residentMb(pid: number): number | undefined {
  const kb = readOwnMemoryKb(pid);
  return kb === undefined ? undefined : kb / 1024;
}

/**
 * Calls back once when the program's processes together use more than `limitMb` of resident memory. The
 * program is looked at more often the closer it is to the limit (see FASTEST_GROWTH_MB_PER_MS). Nothing
 * happens where there is no /proc.
 */
export function watchMemory(program: WatchedProgram & { startedAt: number }, onExceeded: (exceeded: MemoryExceeded) => void, limitMb = defaultMemoryLimitMb()): MemoryWatch {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let printed = 0;
  let outputMovedAt = Date.now();
  let firstOutputAt: number | undefined;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  // What the program's processes hold together now, and what it did to get there.
  const look = (): MemoryExceeded => {
    const output = program.stdout.bytes + program.stderr.bytes;
    if (output !== printed) {
      printed = output;
      outputMovedAt = Date.now();
      firstOutputAt ??= outputMovedAt;
    }
    const pids = treeOf(program.pid);
    let usedMb = 0;
    let largest = { pid: program.pid, mb: 0 };
    for (const pid of pids) {
      const mb = residentMb(pid) ?? 0;
      usedMb += mb;
      if (mb > largest.mb) largest = { pid, mb };
    }
    const afterMs = Date.now() - program.startedAt;
    const lines = program.stdout.lines.length + program.stderr.lines.length;
    const burst = (printed >= BURST_BYTES || lines >= BURST_LINES) && outputMovedAt - (firstOutputAt ?? outputMovedAt) <= BURST_MS;
    const stalled = burst && Date.now() - outputMovedAt >= OUTPUT_STALL_MS;
    return {
      limitMb,
      usedMb,
      processes: pids.length,
      largestPid: largest.pid,
      afterMs,
      growthMbPerSecond: usedMb / Math.max(afterMs / 1000, 0.001),
      outputStalled: stalled ? { bytes: printed, lines } : undefined,
    };
  };
  const sample = () => {
    if (stopped) return;
    const seen = look();
    if (seen.usedMb > limitMb) {
      stop();
      onExceeded(seen);
      return;
    }
    const headroomMs = (limitMb - seen.usedMb) / (FASTEST_GROWTH_MB_PER_MS * seen.processes);
    timer = setTimeout(sample, Math.min(MAX_SAMPLE_MS, Math.max(MIN_SAMPLE_MS, headroomMs))).unref();
  };
  const queuedWrites = (busyCpuMs: number): MemoryExceeded | undefined => {
    if (stopped) return undefined;
    const seen = look();
    if (!seen.outputStalled || seen.usedMb < QUEUED_WRITES_MB) return undefined;
    stop();
    return { ...seen, busyCpuMs };
  };
  if (residentMb(program.pid) === undefined) return { stop, queuedWrites: () => undefined };
  void program.exited.then(stop);
  sample();
  return { stop, queuedWrites };
}

/**
 * "used more than 512 MB of memory (530 MB 1.4 s after it started, about 379 MB a second)", or, judged
 * spinning below its limit, "kept a core busy for 2.6 s of CPU time while its memory grew to 430 MB (…)":
 * what a learner is told.
 */
export function describeMemoryExceeded(memory: MemoryExceeded): string {
  const after = `${seconds(memory.afterMs)} after it started, about ${Math.round(memory.growthMbPerSecond)} MB a second`;
  if (memory.busyCpuMs !== undefined) return `kept a core busy for ${seconds(memory.busyCpuMs)} of CPU time while its memory grew to ${Math.round(memory.usedMb)} MB (${after})`;
  return `used more than ${memory.limitMb} MB of memory (${Math.round(memory.usedMb)} MB ${after})`;
}
