import { readFileSync, statfsSync, statSync } from 'node:fs';
import { visitDescriptors } from '../engine/proc/descriptors.js';
import { sigkill } from '../engine/terminate/kill-rounds.js';
import { CPU_TICKS_PER_SECOND, type ProcessInfo, readCommandLine, readProcess, readThread } from '../engine/proc/process-table.js';
import { childrenOf, treeOf } from '../engine/proc/process-tree.js';
import type { SandboxInfo } from './grade-report-schema.js';
import { DISK_LIMIT_BYTES, SANDBOX_TMP } from './sandbox.js';
import { VERIFIER_LOADER } from './verifier-loader.js';

/** What one student's programs may use at once inside the sandbox. */
export interface StudentLimits {
  /** Their processes' memory together (proportional set size: shared pages split between the sharers), and the memfds they hold open. */
  memoryBytes: number;
  /** Their processes at once. */
  processes: number;
  /** Their threads at once (each takes a process id of the machine's). */
  threads: number;
  /**
   * Their open files at once (descriptors, every process counted). Each look reads every one (a memfd
   * among them is memory), so this bounds a look's work too: held by the thousand, they would make each
   * look take seconds, and the limits and Ctrl-C wait for it.
   */
  openFiles: number;
  /** CPU time their processes may spend in one lesson. */
  cpuMsPerLesson: number;
}

export const DEFAULT_LIMITS: StudentLimits = { memoryBytes: 512 * 1024 * 1024, processes: 64, threads: 1024, openFiles: 4096, cpuMsPerLesson: 30_000 };

/** What a lesson's programs are told when they filled the sandbox's writable area (its writes then failed with ENOSPC). */
export const DISK_LIMIT_MESSAGE = `its programs wrote more than ${megabytes(DISK_LIMIT_BYTES)} to disk (its folder, HOME and /tmp together), so their writes failed with ENOSPC`;

/** Less room than this left in the writable area is a full disk: what a program wrote to it, not the workshop. */
const FULL_BELOW_BYTES = 1024 * 1024;

/** The limits as the report gives them, with how they are held. */
export function sandboxInfo(limits: StudentLimits): SandboxInfo {
  return { limitsBy: '/proc sampling', memoryMb: limits.memoryBytes / (1024 * 1024), processes: limits.processes, threads: limits.threads, openFiles: limits.openFiles, cpuSecondsPerLesson: limits.cpuMsPerLesson / 1000, diskMb: DISK_LIMIT_BYTES / (1024 * 1024) };
}

/** The step a lesson fails at when its programs went past a limit. */
export const LIMITS_STEP = 'stays within the grading limits';

// What a look at a sandbox found: the verifier stopped, a limit passed (and the programs stopped), or nothing.
export type SandboxLook = { verifierStopped: true } | { limit: string } | undefined;

// Watches one student's sandbox from outside, four looks a second (the machine gives no event for memory
// or CPU without cgroups). The student's processes are every process in the sandbox but bwrap's init and
// the verifier: a program that left its parent (a daemon) is still counted. Past a limit they are all
// killed (SIGKILL, from outside; the verifier then sees its program die and reports that lesson).
export class SandboxWatch {
  #verifier: number | undefined;
  /** The CPU time counted at the lesson's first look (see #cpuTicks). */
  #cpuAtLessonStart: number | undefined;
  #lesson = -1;

  constructor(
    readonly bwrapPid: number,
    readonly limits: StudentLimits,
  ) {}

  /** Looks at the sandbox while lesson `lesson` (its index) runs. */
  look(lesson: number): SandboxLook {
    if (lesson !== this.#lesson) {
      this.#lesson = lesson;
      this.#cpuAtLessonStart = undefined;
    }
    const inits = childrenOf(this.bwrapPid) ?? [];
    this.#verifier ??= inits.flatMap((init) => childrenOf(init) ?? []).find((pid) => readCommandLine(pid)?.[0] === VERIFIER_LOADER);
    if (this.#verifier === undefined) return undefined;
    const state = readThread(this.#verifier)?.state;
    if (state === 'T' || state === 't') return { verifierStopped: true };
    const students = inits.flatMap((init) => treeOf(init)).filter((pid) => !inits.includes(pid) && pid !== this.#verifier);
    const limit = this.#overLimit(students, [...inits, this.#verifier]);
    if (limit === undefined) return undefined;
    for (const pid of students) sigkill(pid);
    return { limit };
  }

  /** Whether the sandbox's writable area is full (read from outside, through the root of bwrap's init). */
  diskFull(): boolean {
    const init = childrenOf(this.bwrapPid)?.[0];
    if (init === undefined) return false;
    try {
      const area = statfsSync(`/proc/${init}/root${SANDBOX_TMP}`);
      return area.bavail * area.bsize < FULL_BELOW_BYTES;
    } catch {
      return false;
    }
  }

  // `reapers`: bwrap's init and the verifier, whose reaped time holds what ended of the student's processes.
  #overLimit(students: number[], reapers: number[]): string | undefined {
    if (students.length > this.limits.processes) return `it ran more than ${this.limits.processes} processes at once, so they were stopped`;
    // One read of each one's stat, for its threads and its CPU time.
    const stats = students.map((pid) => readProcess(pid));
    const threads = stats.reduce((sum, info) => sum + (info?.threads ?? 0), 0);
    if (threads > this.limits.threads) return `it ran more than ${this.limits.threads} threads at once, so they were stopped`;
    const memfds = memfdBytes(students, this.limits.openFiles);
    if (memfds === undefined) return `its processes held more than ${this.limits.openFiles} open files at once, so they were stopped`;
    let resident = 0;
    let pageTables = 0;
    for (const pid of students) {
      const memory = statusMemoryOf(pid);
      resident += memory.resident;
      pageTables += memory.pageTables;
    }
    // The resident sets count shared pages once per sharer: cheap to read, and never less than the
    // proportional sizes, which are read only when they could be over the limit. Page tables are in
    // neither (a file mapped many times over costs them, not resident memory), nor are memfds.
    const held = memfds + pageTables;
    const overLimit = () => students.reduce((sum, pid) => sum + proportionalOf(pid), held) > this.limits.memoryBytes;
    if (resident + held > this.limits.memoryBytes && overLimit()) return `its processes used more than ${megabytes(this.limits.memoryBytes)} of memory together (grade --memory <MB> raises the limit), so they were stopped`;
    const cpuTicks = this.#cpuTicks(stats, reapers);
    this.#cpuAtLessonStart ??= cpuTicks;
    const cpuMs = ((cpuTicks - this.#cpuAtLessonStart) * 1000) / CPU_TICKS_PER_SECOND;
    if (cpuMs > this.limits.cpuMsPerLesson) return `its processes kept a core busy for more than ${this.limits.cpuMsPerLesson / 1000} s of CPU time in one lesson, so they were stopped`;
    return undefined;
  }

  // The CPU time of the student's processes, those that ended included: a process that is reaped hands
  // its time (and its reaped children's) to its reaper's reaped time, so the sum over the living and the
  // reapers only grows, and a process that lives shorter than a look is counted all the same. The
  // verifier's own time is not the student's; its reaped time is (their programs, their Redis).
  #cpuTicks(students: readonly (ProcessInfo | undefined)[], reapers: number[]): number {
    let ticks = 0;
    for (const info of students) if (info) ticks += info.cpuTicks + info.reapedCpuTicks;
    for (const pid of reapers) ticks += readProcess(pid)?.reapedCpuTicks ?? 0;
    return ticks;
  }
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

// The memory in memfds (memfd_create) the processes hold open: a file in no folder, whose pages are in no
// resident set unless mapped, so a program could hold gigabytes that way unseen. Each file counted once
// (its allocated blocks), however many descriptors share it. Undefined when the processes hold more than
// `openFiles` descriptors together: the count stops there, so the look stays short.
function memfdBytes(pids: readonly number[], openFiles: number): number | undefined {
  const seen = new Set<string>();
  let bytes = 0;
  let open = 0;
  for (const pid of pids) {
    visitDescriptors(pid, ({ link, target }) => {
      if (++open > openFiles) return false;
      if (!target.startsWith('/memfd:')) return true;
      try {
        const file = statSync(link);
        const key = `${file.dev}:${file.ino}`;
        if (!seen.has(key)) bytes += file.blocks * 512;
        seen.add(key);
      } catch {
        // Closed meanwhile, or the process is gone.
      }
      return true;
    });
    if (open > openFiles) return undefined;
  }
  return bytes;
}

// A process's proportional set size (smaps_rollup), or its resident set where that cannot be read.
function proportionalOf(pid: number): number {
  try {
    const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    if (pss) return Number(pss[1]) * 1024;
  } catch {
    // Gone, or not readable: the resident set below.
  }
  return statusMemoryOf(pid).resident;
}

// A process's resident set and page tables (VmRSS and VmPTE, in kB whatever the page size); 0 when it is gone.
function statusMemoryOf(pid: number): { resident: number; pageTables: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { resident: kilobytes('VmRSS'), pageTables: kilobytes('VmPTE') };
  } catch {
    return { resident: 0, pageTables: 0 };
  }
}
