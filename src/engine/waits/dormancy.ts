import { hasProcTable, isLive, readSyscall, readThread as readThreadStatus, readThreadIds } from '../proc/process-table.js';
import { wholeTreeOf } from '../proc/process-tree.js';
import { processesMarked } from '../owner/run-mark.js';

/**
 * Why a program will do nothing by itself before a wait's deadline: every thread of every process it has
 * sleeps in a wait that only something from outside can end (input, a connection, a signal), or in an
 * event wait whose own timeout (node's next timer) ends later, or is stopped.
 */
export interface Asleep {
  /** The soonest any of its event loops would wake by itself, from now; undefined when none has a timer. */
  nextTimerMs: number | undefined;
  /** How many of its processes are stopped (SIGSTOP): they do nothing until they are continued. */
  stopped: number;
  /** How many processes were judged (the program, its descendants, and processes that left them). */
  processes: number;
}

/** What the watch needs of a program. */
export interface DormantProgram {
  pid: number;
  /** Date.now() when it was started: no wait it is in can have begun earlier. */
  startedAt: number;
  /** Its run mark: processes that left its tree are judged too (see run-mark.ts). */
  mark?: string;
  /**
   * True while its output is not read at full speed (held, or drained slowly past the cap): a process
   * waiting to write then waits on the check, which will read on, and what it printed is not seen yet.
   */
  outputHeld?: boolean;
}

/** How far apart the two samples are that must see every thread asleep and none of them run in between. */
export const DORMANT_SAMPLE_MS = 150;

// Linux syscall numbers of the waits a sleeping thread may be in, per architecture (/proc/<pid>/syscall
// gives the number and the six arguments). epoll_wait's 4th argument is its timeout in ms (-1: none);
// epoll_pwait2's and futex's 4th is a pointer to a timeout (0: none).
const WAITS: Partial<Record<string, { epollMs: number[]; epollTimespec: number; futex: number }>> = {
  x64: { epollMs: [232, 281], epollTimespec: 441, futex: 202 },
  arm64: { epollMs: [22], epollTimespec: 441, futex: 98 },
};

/** How a thread can go on: never by itself, by itself at the latest `at` (a Date.now() time), or at any moment. */
export type ThreadWait = { wakes: 'never' } | { wakes: 'at'; at: number } | { wakes: 'any time' };

/**
 * What a sleeping thread's /proc/<pid>/task/<tid>/syscall line says about when it goes on by itself. A
 * wait's timeout counts from when the wait began, which is after `since`: the thread sleeps at least until
 * since + timeout. Any other syscall (a read, a sleep, a child's exit) may end at any moment.
 */
export function threadWait(syscallLine: string, since: number, arch: string = process.arch): ThreadWait {
  const waits = WAITS[arch];
  const [number, ...args] = syscallLine.trim().split(' ');
  if (!waits || number === undefined || !/^\d+$/.test(number) || args.length < 4) return { wakes: 'any time' };
  const nr = Number(number);
  const fourth = BigInt(args[3]!);
  if (waits.epollMs.includes(nr)) {
    // An int in a 64-bit register: its low 32 bits, signed.
    const timeoutMs = Number(BigInt.asIntN(32, fourth));
    return timeoutMs < 0 ? { wakes: 'never' } : { wakes: 'at', at: since + timeoutMs };
  }
  if (nr === waits.epollTimespec || nr === waits.futex) return fourth === 0n ? { wakes: 'never' } : { wakes: 'any time' };
  return { wakes: 'any time' };
}

// One thread as a sample sees it: its state, how often it has run, and (asleep) what it waits in.
interface ThreadSample {
  state: string;
  switches: number;
  wait: ThreadWait;
}

/**
 * What earlier samples of a program saw of each thread ("pid/tid"): its context switches, when it was
 * sampled, and the time after which it last ran (its current wait began after that). Kept by a program
 * across its waits, so that a thread seen running once has a close bound from then on.
 */
export type ThreadHistory = Map<string, { switches: number; wait: string; sampledAt: number; ranAfter: number }>;

function sampleThread(pid: number, tid: string, history: ThreadHistory, since: number, now: number): ThreadSample | undefined {
  const status = readThreadStatus(pid, tid);
  if (!status) return undefined;
  const { state, switches } = status;
  // Stopped by SIGSTOP: only a signal from outside goes on. (A tracing stop, t, is a debugger's to end.)
  if (state === 'T') return { state, switches, wait: { wakes: 'never' } };
  if (state !== 'S') return { state, switches, wait: { wakes: 'any time' } };
  const syscall = readSyscall(pid, tid);
  // Not ours to read (another user's, or ptrace rules): no evidence.
  if (syscall === undefined) return { state, switches, wait: { wakes: 'any time' } };
  const key = `${pid}/${tid}`;
  const seen = history.get(key);
  // Ran since the last sample and in another wait now (libuv enters each wait with the time left, so a new
  // one reads differently): the wait began after that sample. The same wait, woken and asleep again inside
  // the kernel, keeps its deadline, and so its bound. Never seen: after the program's start.
  const newWait = seen !== undefined && seen.switches !== switches && seen.wait !== syscall;
  const ranAfter = seen === undefined ? since : newWait ? seen.sampledAt : seen.ranAfter;
  history.set(key, { switches, wait: syscall, sampledAt: now, ranAfter });
  return { state, switches, wait: threadWait(syscall, ranAfter) };
}

// Every thread of the given processes, keyed "pid/tid"; undefined when one of them could not be read.
function sampleThreads(pids: readonly number[], history: ThreadHistory, since: number): Map<string, ThreadSample> | undefined {
  const threads = new Map<string, ThreadSample>();
  const now = Date.now();
  for (const pid of pids) {
    const tids = readThreadIds(pid);
    if (!tids) return undefined;
    for (const tid of tids) {
      const thread = sampleThread(pid, tid, history, since, now);
      if (!thread) return undefined;
      threads.set(`${pid}/${tid}`, thread);
    }
  }
  return threads;
}

// When the sampled threads would go on by themselves: undefined when one may at any moment.
function earliestWake(threads: Map<string, ThreadSample>): { at: number | undefined } | undefined {
  let at: number | undefined;
  for (const { wait } of threads.values()) {
    if (wait.wakes === 'any time') return undefined;
    if (wait.wakes === 'at') at = Math.min(at ?? Infinity, wait.at);
  }
  return { at };
}

// True when the same threads are there and none of them has run since the earlier sample.
function unchanged(earlier: Map<string, ThreadSample>, later: Map<string, ThreadSample>): boolean {
  if (earlier.size !== later.size) return false;
  for (const [key, thread] of later) if (earlier.get(key)?.switches !== thread.switches) return false;
  return true;
}

/**
 * Watches a program while a wait runs, and calls back once when the program is certain to do nothing by
 * itself before `until` (a Date.now() time, or a function giving it at each sample): two samples
 * DORMANT_SAMPLE_MS apart see every thread of its processes asleep (see Asleep), none woken by a timer of its
 * own before `until`, and none of them has run in between. What the wait is for could then only come from outside, and the check sends nothing while
 * it waits. `history` carries what earlier watches of the program saw (see ThreadHistory). Returns the
 * function that stops watching. Nothing is reported where /proc cannot show it.
 */
export function watchDormant(program: DormantProgram, until: number | (() => number), onAsleep: (asleep: Asleep) => void, history: ThreadHistory = new Map()): () => void {
  const deadline = typeof until === 'number' ? () => until : until;
  let previous: Map<string, ThreadSample> | undefined;
  // Processes of the run outside its tree (they left it): judged too, once seen.
  const strays = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sample = () => {
    if (stopped) return;
    if (program.outputHeld) {
      previous = undefined;
      timer = setTimeout(sample, DORMANT_SAMPLE_MS).unref();
      return;
    }
    // A process that left the tree and has ended is no longer part of the run (its pid may be reused).
    for (const pid of strays) if (!isLive(pid)) strays.delete(pid);
    const tree = wholeTreeOf(program.pid);
    const pids = [...new Set([...(tree ?? []), ...strays])];
    const threads = tree && sampleThreads(pids, history, program.startedAt);
    // Threads that are gone are no use for a bound: the history stays as large as the program is.
    if (threads) for (const key of history.keys()) if (!threads.has(key)) history.delete(key);
    const wake = threads && earliestWake(threads);
    const settled = threads !== undefined && wake !== undefined && (wake.at === undefined || wake.at > deadline());
    if (settled && previous && unchanged(previous, threads)) {
      const strayed = program.mark ? processesMarked(program.mark).filter((pid) => !pids.includes(pid)) : [];
      if (strayed.length === 0) {
        stop();
        const now = Date.now();
        const stoppedProcesses = new Set([...threads].filter(([, thread]) => thread.state === 'T').map(([key]) => key.split('/')[0]));
        onAsleep({ nextTimerMs: wake.at === undefined ? undefined : wake.at - now, stopped: stoppedProcesses.size, processes: pids.length });
        return;
      }
      for (const pid of strayed) strays.add(pid);
    }
    previous = settled ? threads : undefined;
    // After the next round of I/O: a line the program printed before it fell asleep is read before any verdict.
    timer = setTimeout(() => setImmediate(sample), DORMANT_SAMPLE_MS).unref();
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  if (!hasProcTable) return stop;
  sample();
  return stop;
}
