import { readFileSync } from 'node:fs';
import { CPU_TICKS_PER_SECOND, readCommandLine, readProcess, readThread } from '../engine/proc/process-table.js';
import { childrenOf, treeOf } from '../engine/proc/process-tree.js';
import { VERIFIER_LOADER } from './verifier-loader.js';

/** What one student's programs may use at once inside the sandbox. */
export interface StudentLimits {
  /** Their processes' memory together (proportional set size: shared pages split between the sharers). */
  memoryBytes: number;
  /** Their processes at once. */
  processes: number;
  /** CPU time their processes may spend in one lesson. */
  cpuMsPerLesson: number;
}

export const DEFAULT_LIMITS: StudentLimits = { memoryBytes: 512 * 1024 * 1024, processes: 64, cpuMsPerLesson: 30_000 };

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
  #cpuSeen = new Map<number, number>();
  #lesson = -1;

  constructor(
    readonly bwrapPid: number,
    readonly limits: StudentLimits,
  ) {}

  /** Looks at the sandbox while lesson `lesson` (its index) runs. */
  look(lesson: number): SandboxLook {
    if (lesson !== this.#lesson) {
      this.#lesson = lesson;
      this.#cpuSeen.clear();
    }
    const inits = childrenOf(this.bwrapPid) ?? [];
    this.#verifier ??= inits.flatMap((init) => childrenOf(init) ?? []).find((pid) => readCommandLine(pid)?.[0] === VERIFIER_LOADER);
    if (this.#verifier === undefined) return undefined;
    const state = readThread(this.#verifier)?.state;
    if (state === 'T' || state === 't') return { verifierStopped: true };
    const students = inits.flatMap((init) => treeOf(init)).filter((pid) => !inits.includes(pid) && pid !== this.#verifier);
    const limit = this.#overLimit(students);
    if (limit === undefined) return undefined;
    for (const pid of students) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    return { limit };
  }

  #overLimit(students: number[]): string | undefined {
    if (students.length > this.limits.processes) return `it ran more than ${this.limits.processes} processes at once, so they were stopped`;
    let resident = 0;
    for (const pid of students) {
      resident += residentOf(pid);
      const cpu = readProcess(pid)?.cpuTicks;
      if (cpu !== undefined) this.#cpuSeen.set(pid, cpu);
    }
    // The resident sets count shared pages once per sharer: cheap to read, and never less than the
    // proportional sizes, which are read only when they could be over the limit.
    const overLimit = () => students.reduce((sum, pid) => sum + proportionalOf(pid), 0) > this.limits.memoryBytes;
    if (resident > this.limits.memoryBytes && overLimit()) return `its processes used more than ${megabytes(this.limits.memoryBytes)} of memory together (grade --memory <MB> raises the limit), so they were stopped`;
    const cpuMs = ([...this.#cpuSeen.values()].reduce((sum, ticks) => sum + ticks, 0) * 1000) / CPU_TICKS_PER_SECOND;
    if (cpuMs > this.limits.cpuMsPerLesson) return `its processes kept a core busy for more than ${this.limits.cpuMsPerLesson / 1000} s of CPU time in one lesson, so they were stopped`;
    return undefined;
  }
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

// A process's proportional set size (smaps_rollup), or its resident set where that cannot be read.
function proportionalOf(pid: number): number {
  try {
    const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    if (pss) return Number(pss[1]) * 1024;
  } catch {
    // Gone, or not readable: the resident set below.
  }
  return residentOf(pid);
}

// A process's resident set (VmRSS, in kB whatever the page size), 0 when it is gone.
function residentOf(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
