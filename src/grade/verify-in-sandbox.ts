import type { SharedTemplate } from './sandbox-postgres.js';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import { trackGroup, untrackGroup } from '../engine/terminate/live-groups.js';
import { packageRoot } from '../package-root.js';
import type { VerifyResult } from '../results/verify-result.js';
import { gradeEnv } from './grade-env.js';
import { bwrapArgs, insidePath, nodeBinary, SANDBOX_CACHE, SANDBOX_HOME, SANDBOX_TMP } from './sandbox.js';
import { RESULTS_FD } from './results-fd.js';
import type { SandboxJobs } from './sandbox-jobs.js';
import { RESULT_LINE_CAP_BYTES, ResultsChannel } from './results-channel.js';
import { makeTempFolder, removeTempFolder } from '../engine/owner/temp-folders.js';
import { newRunMark, RUN_MARK_VARIABLE } from '../engine/owner/run-mark.js';
import { scratchPrefix } from './leftover-scratch.js';
import { elfInterpreter, VERIFIER_LOADER } from './verifier-loader.js';
import { DEFAULT_LIMITS, DISK_LIMIT_MESSAGE, SandboxWatch, type StudentLimits } from './sandbox-limits.js';

/** grade's entry inside the sandbox (src/grade/verify-lessons.ts, built next to the CLI). */
const entry = path.join(packageRoot, 'dist', 'src', 'grade', 'verify-lessons.js');
/** The workshop's reference solutions: not in the sandbox, so no student file can run one as its answer. */
export const solutionsFolder = path.join(packageRoot, 'solutions');
/** The longest a lesson may take inside the sandbox (from the start, or the previous lesson's result) before the sandbox is ended. */
export const LESSON_BUDGET_MS = 120_000;
/** The longest one student's sandbox may take, all lessons together. */
export const STUDENT_BUDGET_MS = 600_000;
/** How often the sandbox is looked at (see SandboxWatch): a stopped verifier, or a limit passed, is seen within this. */
const STOP_WATCH_MS = 250;

// One student's verifications to run in a sandbox.
export interface SandboxedVerifications {
  jobs: SandboxJobs;
  /** The student's scratch folder: the copies of their files, each in a folder of its own, are in it. */
  scratchDir: string;
  /** More folders the run may read (the student's own node_modules). */
  readOnly?: readonly string[];
  /** The node_modules the student's programs import from. */
  packages?: string;
  /** The environment the allowlisted variables are taken from. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** The longest one lesson may take (default LESSON_BUDGET_MS), and all of them (default STUDENT_BUDGET_MS). */
  budget?: SandboxBudget;
  /** What the student's programs may use (default DEFAULT_LIMITS). */
  limits?: StudentLimits;
  /** The machine's PostgreSQL template, shown read-only in the sandbox's cache folder (SANDBOX_CACHE, XDG_CACHE_HOME inside). */
  postgresTemplate?: SharedTemplate;
  /** Called as each verification finishes, with its index in `jobs`, and the limit its programs passed, if any (they were stopped). */
  onResult: (index: number, result: VerifyResult, limit: string | undefined) => void;
}

/** How long a student's sandbox may take: per lesson, and in all. */
export interface SandboxBudget {
  lessonMs: number;
  studentMs: number;
}

// How a sandbox ended for the jobs that got no result: nothing wrong (every job got one), a problem of
// the workshop or the machine, a deadline, or tampering (the student's programs reached the verifier or
// its channel: nothing of that student can be trusted).
export type SandboxEnd = { kind: 'complete' } | { kind: 'problem'; message: string } | { kind: 'timed out'; message: string } | { kind: 'tampered'; message: string };

// Runs the verifier and the student's programs together inside bubblewrap, one lesson after another, and
// reports each result as it arrives. The grader accepts exactly one well-formed result per job, in order;
// anything else on the channel (a duplicate, a result for another job, a line that is not a result or too
// long), a verifier stopped or killed by a signal, is tampering. A lesson past its budget ends the sandbox.
// Resolves once the sandbox is gone. Cancelling kills bwrap and with it the whole pid namespace.
export async function verifyInSandbox(run: SandboxedVerifications): Promise<SandboxEnd> {
  const loader = openLoader();
  if ('problem' in loader) return { kind: 'problem', message: loader.problem };
  const budget = run.budget ?? { lessonMs: LESSON_BUDGET_MS, studentMs: STUDENT_BUDGET_MS };
  const ending = new AbortController();
  let end: SandboxEnd | undefined;
  const stopWith = (why: SandboxEnd) => {
    end ??= why;
    ending.abort();
  };
  // The jobs as the verifier sees them: their files and folders at their paths inside.
  const jobs = run.jobs.map((job) => ({ ...job, file: insidePath(run.scratchDir, job.file), cwd: insidePath(run.scratchDir, job.cwd) }));
  const channel = new ResultsChannel(jobs);
  // The lessons whose programs went past a limit (by index), and which.
  const limits = new Map<number, string>();
  const lessonDeadline = () => setTimeout(() => stopWith({ kind: 'timed out', message: `the lesson took longer than ${budget.lessonMs / 1000} s inside the sandbox, so the sandbox was ended` }), budget.lessonMs);
  let deadline = lessonDeadline();
  const studentDeadline = setTimeout(() => stopWith({ kind: 'timed out', message: `the student's lessons took longer than ${budget.studentMs / 1000} s together inside the sandbox, so the sandbox was ended` }), budget.studentMs);
  // The disk is looked at as each result comes (the lesson's programs are done): the first lesson that
  // finds it full is the one that filled it.
  let diskFullSeen = false;
  const onLine = (line: string, watch: SandboxWatch | undefined) => {
    const accepted = channel.accept(line);
    if (accepted === undefined) {
      stopWith({ kind: 'tampered', message: channel.tampered! });
      return;
    }
    if (!diskFullSeen && watch?.diskFull()) {
      diskFullSeen = true;
      if (!limits.has(accepted.index)) limits.set(accepted.index, DISK_LIMIT_MESSAGE);
    }
    run.onResult(accepted.index, accepted.result, limits.get(accepted.index));
    clearTimeout(deadline);
    if (!channel.complete) deadline = lessonDeadline();
  };
  const signal = run.signal ? AbortSignal.any([run.signal, ending.signal]) : ending.signal;
  const command = [VERIFIER_LOADER, nodeBinary(), entry, JSON.stringify(jobs), String(RESULTS_FD)];
  let exit: BwrapExit;
  try {
    exit = await runBwrap(bwrapArgs({ scratchDir: run.scratchDir, files: run.jobs.map((job) => job.file), packages: run.packages, readOnly: run.readOnly, shownAt: run.postgresTemplate ? [run.postgresTemplate] : [], loaderFd: 3, command }), {
      from: run.env,
      cacheHome: run.postgresTemplate ? SANDBOX_CACHE : undefined,
      resultsFifo: path.join(run.scratchDir, '.results'),
      signal,
      loaderFd: loader.fd,
      onLine,
      onOversized: () => {
        channel.oversized();
        stopWith({ kind: 'tampered', message: channel.tampered! });
      },
      onTick: (watch) => {
        const look = watch.look(channel.accepted);
        if (look === undefined) return;
        if ('verifierStopped' in look) stopWith({ kind: 'tampered', message: "the verifier was stopped by a signal: only the student's programs could send it" });
        else if (!limits.has(channel.accepted)) limits.set(channel.accepted, look.limit);
      },
      limits: run.limits ?? DEFAULT_LIMITS,
    });
  } finally {
    clearTimeout(deadline);
    clearTimeout(studentDeadline);
    closeSync(loader.fd);
  }
  if (end) return end;
  if (run.signal?.aborted) return { kind: 'problem', message: 'grading was cancelled' };
  if (exit.spawnError) return { kind: 'problem', message: `the sandbox could not start: ${exit.spawnError}` };
  if (channel.complete) return exit.code === 0 ? { kind: 'complete' } : { kind: 'tampered', message: `the verifier ended with exit code ${exit.code} after its last result` };
  // bwrap reports a verifier killed by signal n as 128 + n; nothing of the workshop sends one.
  if (exit.code !== null && exit.code > 128) return { kind: 'tampered', message: `the verifier was killed by signal ${exit.code - 128} before it gave every result: only the student's programs could send it` };
  return { kind: 'problem', message: `the sandboxed verifier failed: ${lastLine(exit.stderr) ?? `exit code ${exit.code}`}` };
}

// node's ELF interpreter, opened for bwrap to copy in as the verifier's loader (see verifier-loader.ts).
function openLoader(): { fd: number } | { problem: string } {
  const interpreter = elfInterpreter(process.execPath);
  if (interpreter === undefined) return { problem: `${process.execPath} is not a dynamically linked 64-bit ELF, so the verifier cannot be kept out of the student's reach` };
  try {
    return { fd: openSync(interpreter, 'r') };
  } catch (error) {
    return { problem: `cannot read node's loader ${interpreter} (${(error as NodeJS.ErrnoException).code})` };
  }
}

/** Why the sandbox cannot be used here, or undefined when a trivial sandboxed run works. */
export async function whySandboxUnavailable(tempRoot: string): Promise<string | undefined> {
  if (process.platform !== 'linux') return `sandboxing needs Linux (bubblewrap), not ${process.platform}`;
  const loader = openLoader();
  if ('problem' in loader) return loader.problem;
  const scratchDir = makeTempFolder(tempRoot, scratchPrefix());
  let probe: BwrapExit;
  try {
    // The entry with nothing to do: node (through its unreadable loader), the workshop's code and the scratch folder all reachable inside.
    probe = await runBwrap(bwrapArgs({ scratchDir, loaderFd: 3, command: [VERIFIER_LOADER, nodeBinary(), entry, '[]'] }), { loaderFd: loader.fd });
  } finally {
    closeSync(loader.fd);
    await removeTempFolder(scratchDir);
  }
  const { code, stderr, spawnError } = probe;
  if (spawnError === 'ENOENT') return 'bwrap is not installed (the system package bubblewrap)';
  if (spawnError) return `bwrap cannot be started (${spawnError})`;
  if (code !== 0) return `bwrap does not work here (${lastLine(stderr) ?? `exit code ${code}`})`;
  return undefined;
}

interface BwrapExit {
  code: number | null;
  /** The end of its stderr (bwrap's own errors, the verifier's crash). */
  stderr: string;
  spawnError?: string;
}

interface BwrapOptions {
  from?: NodeJS.ProcessEnv;
  /** XDG_CACHE_HOME inside, where a cache folder is shown (see SANDBOX_CACHE). */
  cacheHome?: string;
  /** Where to make the named pipe that carries the results (in the host's scratch folder, which the sandbox does not show): the verifier's fd RESULTS_FD. */
  resultsFifo?: string;
  signal?: AbortSignal;
  loaderFd: number;
  onLine?: (line: string, watch: SandboxWatch | undefined) => void;
  onOversized?: () => void;
  /** Called each STOP_WATCH_MS while the sandbox runs, with its watch. */
  onTick?: (watch: SandboxWatch) => void;
  limits?: StudentLimits;
}

// Runs bwrap in its own process group, tracked so that Ctrl-C on the workshop kills it (and through
// --die-with-parent everything inside); the AbortSignal kills it through spawn's own abort path. The results
// come on a named pipe of the host's scratch folder, given to bwrap as fd RESULTS_FD, split into lines as
// they come, none kept, none longer than RESULT_LINE_CAP_BYTES. Not on bwrap's stdout: bwrap's init keeps
// its stdio inside the sandbox, where a program could open it through /proc/1/fd.
function runBwrap(args: string[], options: BwrapOptions): Promise<BwrapExit> {
  return new Promise((resolve) => {
    let results: { reader: number; writer: number } | undefined;
    try {
      results = options.resultsFifo === undefined ? undefined : openResultsFifo(options.resultsFifo);
    } catch (error) {
      resolve({ code: null, stderr: '', spawnError: `cannot make the results channel (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      return;
    }
    const stdio: ('ignore' | 'pipe' | number)[] = ['ignore', 'ignore', 'pipe', options.loaderFd];
    if (results) stdio[RESULTS_FD] = results.writer;
    // Marked like a program's run, so that the guardian, and a later grade's sweep, find the sandbox by its
    // mark if it outlives this grade (see removeLeftoverScratch); inside, each program gets a mark of its own.
    const mark = newRunMark();
    const child = spawn('bwrap', args, {
      env: {
        ...gradeEnv({ home: SANDBOX_HOME, tmp: SANDBOX_TMP }, options.from),
        ...(options.cacheHome === undefined ? {} : { XDG_CACHE_HOME: options.cacheHome }),
        [RUN_MARK_VARIABLE]: mark,
      },
      stdio,
      detached: true,
      signal: options.signal,
      killSignal: 'SIGKILL',
    });
    // The sandbox alone writes into the channel now: its end of the pipe comes at the verifier's end.
    if (results) closeSync(results.writer);
    const channel = results ? new Socket({ fd: results.reader, readable: true, writable: false }) : undefined;
    const pid = child.pid;
    if (pid !== undefined) trackGroup(pid, mark);
    const watch = pid !== undefined && options.onTick ? new SandboxWatch(pid, options.limits ?? DEFAULT_LIMITS) : undefined;
    let spawnError: string | undefined;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let stderr = '';
    channel?.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
        pending.push(chunk.subarray(start, newline));
        const line = Buffer.concat(pending).toString('utf8');
        pending = [];
        pendingBytes = 0;
        start = newline + 1;
        if (line.length > RESULT_LINE_CAP_BYTES) options.onOversized?.();
        else options.onLine?.(line, watch);
      }
      if (start < chunk.length) {
        pendingBytes += chunk.length - start;
        pending.push(chunk.subarray(start));
        if (pendingBytes > RESULT_LINE_CAP_BYTES) {
          pending = [];
          pendingBytes = 0;
          options.onOversized?.();
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
    });
    const stopWatch = watch ? setInterval(() => options.onTick!(watch), STOP_WATCH_MS) : undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.name !== 'AbortError') spawnError = error.code ?? error.message;
    });
    // Done when bwrap has exited and the channel has given its last line (every writer is gone with the sandbox).
    let exit: BwrapExit | undefined;
    let channelClosed = channel === undefined;
    const finish = () => {
      if (exit !== undefined && channelClosed) resolve(exit);
    };
    channel?.once('close', () => {
      channelClosed = true;
      finish();
    });
    channel?.on('error', () => channel.destroy());
    child.once('close', (code) => {
      clearInterval(stopWatch);
      if (pid !== undefined) untrackGroup(pid);
      exit = { code, stderr, ...(spawnError ? { spawnError } : {}) };
      // bwrap never started: nothing else holds the channel, so it is at its end.
      if (spawnError) channel?.destroy();
      finish();
    });
  });
}

// The named pipe that carries the results: made (owner only), opened for reading without waiting for a
// writer, then for writing (which then does not wait either).
function openResultsFifo(fifo: string): { reader: number; writer: number } {
  execFileSync('mkfifo', ['-m', '600', fifo], { stdio: 'ignore' });
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  return { reader, writer: openSync(fifo, constants.O_WRONLY) };
}

function lastLine(text: string): string | undefined {
  return text.trim().split('\n').filter(Boolean).at(-1)?.replace(/^scaling-node-workshop: /, '');
}
