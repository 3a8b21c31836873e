import { setMaxListeners } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExitInfo } from '../engine/program/exit-info.js';
import { loaderArgs } from '../engine/program/loader-args.js';
import { hasProcTable } from '../engine/proc/process-table.js';
import { describeMatcher, type LineMatcher } from '../engine/waits/line-matcher.js';
import { normalizeLines } from '../engine/waits/normalize-line.js';
import type { StreamName } from '../engine/program/output-capture.js';
import { watchFaults } from '../engine/limits/program-faults.js';
import { isStillWorking } from '../engine/waits/still-working.js';
import { readStdoutWrites, stdoutWritersArgs, type StdoutWrite } from '../engine/program/stdout-writers.js';
import { makeTempFolder, removeTempFolder } from '../engine/owner/temp-folders.js';
import { startProgram, type FoundLine, type Program, type StartOptions } from '../engine/program/program.js';
import { isCancelled, WaitError } from '../engine/waits/wait-errors.js';
import type { StepResult } from '../results/verify-result.js';
import { nodeWarningHint } from './describe-crash.js';
import { firstDifference } from './first-difference.js';
import { crashFailure, exitExpectation, faultFailure, missingLineFailure, stillRunningFailure, wrongExitFailure, type LineMissed, type TimedOut } from './failures/program-failures.js';
import { CheckCancelled, ChecksStopped, isCheckCancelled, StepFailure, type FailureDetails } from './step-failure.js';
import { timeouts } from './timeouts.js';
import { monotonicMs } from '../engine/waits/clock.js';

/** What a check may set when it starts the learner's program. */
export type RunOptions = Omit<StartOptions, 'file' | 'signal' | 'baseEnv'>;

/** Where and how the check runs: set by the runner, the same for every program of one verification. */
export interface CheckSettings {
  file: string;
  cwd?: string;
  /** Environment the safe pass-through variables come from (grading passes its own). */
  baseEnv?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onStepStart?: (title: string) => void;
  onStepEnd?: (step: StepResult) => void;
}

/** Options of a wait that can fail a step. */
export interface WaitOptions {
  timeoutMs?: number;
  /** What to try when the wait fails. */
  hint?: string;
}

/** How a wait for a line ended: the line (and its index), the program exited first, or the deadline passed. */
export type LineOutcome = ({ outcome: 'found' } & FoundLine) | LineMissed;

/** How a wait for an exit ended: the program exited (how), or the deadline passed (or surely would: see TimedOut). */
export type ExitOutcome = { outcome: 'exited'; exit: ExitInfo } | TimedOut;

/**
 * The API a lesson's check uses: start the learner's program, wait for what it must do, and record steps.
 * Every wait owns cancellation: when the run is cancelled (Ctrl-C), the wait ends the check itself, so a
 * check only ever handles what the program did.
 */
export class CheckContext {
  /** The steps recorded so far, in order. */
  readonly steps: StepResult[] = [];
  /** Every program the check started: all of them are stopped, with what they started, when it ends. */
  readonly programs: Program[] = [];
  /** The program the report shows output of (the failing one, else the last started). */
  focus: Program | undefined;
  /** What the check started besides the programs (a private Redis): run when the check ends, on every path. */
  readonly cleanups: (() => Promise<void>)[] = [];
  /** Set once a program has flooded or spun (see watchFaults): the running step fails with it at once. */
  #fault: FailureDetails | undefined;
  #onFault: ((failure: FailureDetails) => void) | undefined;

  constructor(readonly settings: CheckSettings) {
    // Concurrent waits (requests, say) each listen to the one cancel signal: that is many listeners, not a leak.
    if (settings.signal) setMaxListeners(0, settings.signal);
  }

  /** The learner's file (absolute path). */
  get file(): string {
    return this.settings.file;
  }

  /** The Node flags the learner's file is started with (tsx's loader for TypeScript): a cluster's workers must inherit them. */
  get loaderFlags(): string[] {
    return loaderArgs(this.settings.file);
  }

  /** True where the process table (/proc) can be read: checks then see the processes a program starts. */
  get seesProcesses(): boolean {
    return hasProcTable;
  }

  /** True once the run was cancelled: every wait then ends the check. */
  get cancelled(): boolean {
    return this.settings.signal?.aborted ?? false;
  }

  /** Starts the learner's program (at once, without waiting); it is stopped, with all it started, when the check ends. */
  start(options: RunOptions = {}): Program {
    const program = startProgram({
      ...options,
      file: this.settings.file,
      cwd: options.cwd ?? this.settings.cwd,
      baseEnv: this.settings.baseEnv,
      signal: this.settings.signal,
    });
    this.programs.push(program);
    this.focus = program;
    // A fault decides the verdict: every program is stopped now, so the waits left behind end at once too.
    // (A program a body left behind starts after that is stopped as it starts.)
    if (this.#fault) void program.stop();
    watchFaults(program, (fault) => this.failAtOnce(faultFailure(program, fault)));
    return program;
  }

  /**
   * Fails the running step (or, between steps, the next one) at once with `failure`, and stops every program:
   * for what a watch saw that decides the verdict whatever the step waits for (a flood, a connection to the
   * wrong server). Only the first such failure counts.
   */
  protected failAtOnce(failure: FailureDetails): void {
    this.#fault ??= failure;
    for (const started of this.programs) void started.stop();
    this.#onFault?.(this.#fault);
  }

  /**
   * Node flags for `start({ nodeArgs })` that make every process of the program (a cluster's workers inherit
   * them) log each of its writes to stdout (which process, what, with which signal handlers), and `read()`
   * of that log. Only writes through process.stdout.write (console.log's way) are seen. The log goes when
   * the check ends.
   */
  stdoutWriters(): { nodeArgs: string[]; read: () => StdoutWrite[] } {
    const dir = makeTempFolder(tmpdir(), 'snw-writers-');
    this.cleanups.push(() => removeTempFolder(dir));
    const log = path.join(dir, 'stdout-writers.jsonl');
    return { nodeArgs: stdoutWritersArgs(log), read: () => readStdoutWrites(log) };
  }

  /**
   * Runs one step, titled as what the program must do, and records it; resolves with what `body` returns.
   * The first failing step (t.fail, or a failing wait) stops the check; a cancelled run ends it.
   */
  async step<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.settings.onStepStart?.(title);
    const started = monotonicMs();
    const finish = (fields: Partial<StepResult>) => {
      const step: StepResult = { title, passed: false, ...fields, durationMs: Math.round(monotonicMs() - started) };
      this.steps.push(step);
      this.settings.onStepEnd?.(step);
    };
    try {
      const value = await this.#unlessFault(body);
      finish({ passed: true });
      return value;
    } catch (error) {
      // Whatever a step makes of a cancelled wait, the run is over: not the learner's failure.
      if (this.cancelled || isCheckCancelled(error) || isCancelled(error)) throw new CheckCancelled();
      // Anything else is a bug in the check: ours, not the learner's.
      if (!(error instanceof StepFailure)) throw error;
      const failure = error.details;
      const program = this.programs.find((candidate) => candidate === failure.program);
      if (program) this.focus = program;
      finish({ passed: false, message: failure.message, expected: failure.expected, actual: failure.actual, hint: failure.hint });
      throw new ChecksStopped();
    }
  }

  // Runs a step's body, raced against a fault of any program of the check: that verdict is certain, and
  // whatever the body still waits for would only end at its deadline. The body left behind ends with cleanup.
  async #unlessFault<T>(body: () => Promise<T>): Promise<T> {
    if (this.#fault) throw new StepFailure(this.#fault);
    const running = body();
    running.catch(() => {});
    try {
      return await Promise.race([running, new Promise<never>((_, reject) => (this.#onFault = (failure) => reject(new StepFailure(failure))))]);
    } finally {
      this.#onFault = undefined;
    }
  }

  /** Fails the current step with a message for the learner (what went wrong, expected, actual, what to try). */
  fail(details: FailureDetails): never {
    throw new StepFailure(details);
  }

  /**
   * Records a step that could not be checked on this platform, its title saying what and why: shown as not
   * checked (not as ✓), and not counted among the steps that passed.
   */
  note(title: string): void {
    const step: StepResult = { title, passed: true, notChecked: true, durationMs: 0 };
    this.settings.onStepStart?.(title);
    this.steps.push(step);
    this.settings.onStepEnd?.(step);
  }

  /**
   * Waits for the program to exit (and its output to be read), at most `timeoutMs` (default timeouts.exitMs).
   * Fails when it is still running then, or exits with another code (saying so, or how it crashed).
   * `after` completes the expectation: "exit with code 0 after SIGTERM".
   */
  async expectExit(program: Program, code: number, options: WaitOptions & { after?: string } = {}): Promise<ExitInfo> {
    const timeoutMs = options.timeoutMs ?? timeouts.exitMs;
    const expected = exitExpectation(code, options.after);
    const ended = await this.untilExit(program, { timeoutMs });
    if (ended.outcome === 'timeout') this.fail(stillRunningFailure(program, ended, expected, options.hint));
    if (ended.exit.code !== code) this.fail(wrongExitFailure(program, ended.exit, expected, options.hint));
    return ended.exit;
  }

  /**
   * Checks a stream's whole output so far, line by line (trailing spaces, \r and blank lines at the end
   * ignored). Fails at the first line that differs, or with the crash when nothing was printed.
   */
  expectLines(program: Program, stream: StreamName, expected: readonly string[], options: { hint?: string } = {}): void {
    const actual = normalizeLines(program.lines(stream));
    // The expectation is normalized the same way, so an expected "2: " (an empty argument) can match.
    const difference = firstDifference(normalizeLines(expected), actual, stream);
    if (!difference) return;
    if (actual.length === 0 && expected.length > 0) this.expectNoCrash(program, { expected: difference.expected });
    const hint = (stream === 'stderr' ? nodeWarningHint(actual) : undefined) ?? options.hint;
    this.fail({ ...difference, hint, program });
  }

  /** Fails when the program crashed with an error of its own: "The program crashed: <error>", with `expected`. */
  expectNoCrash(program: Program, fields: { expected: string; hint?: string }): void {
    const crash = crashFailure(program, fields);
    if (crash) this.fail(crash);
  }

  /**
   * Waits for a line on a stream (an exact line, a pattern or a test of the normalized line), from line
   * `from` on, at most `timeoutMs` (default timeouts.reactMs). Fails when the program exits first (saying
   * how, or with its crash) or nothing comes in time. `after` completes the expectation: "… after SIGTERM".
   */
  async waitForLine(program: Program, stream: StreamName, matcher: LineMatcher, options: WaitOptions & { from?: number; after?: string } = {}): Promise<FoundLine> {
    const wanted = `${describeMatcher(matcher)} on ${stream}${options.after ? ` ${options.after}` : ''}`;
    const seen = await this.untilLine(program, stream, matcher, options);
    if (seen.outcome !== 'found') this.fail(missingLineFailure(program, wanted, seen, options.hint));
    return { line: seen.line, index: seen.index };
  }

  /**
   * Waits for a line on a stream, like waitForLine, but never fails the step: resolves with how the wait
   * ended (the line found, the program exited first, or `timeoutMs` passed), for a check that words it itself.
   */
  async untilLine(program: Program, stream: StreamName, matcher: LineMatcher, options: { timeoutMs?: number; from?: number } = {}): Promise<LineOutcome> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    try {
      return { outcome: 'found', ...(await program.waitForLine(stream, matcher, { timeoutMs, from: options.from })) };
    } catch (error) {
      return this.missed(error, program, timeoutMs);
    }
  }

  /**
   * Waits for the program to exit and its output to be read, at most `timeoutMs` (default timeouts.exitMs),
   * and never fails the step: resolves with how it ended, or that it was still running.
   */
  async untilExit(program: Program, options: { timeoutMs?: number } = {}): Promise<ExitOutcome> {
    const timeoutMs = options.timeoutMs ?? timeouts.exitMs;
    const started = Date.now();
    // A program still working at its deadline (node and tsx starting on a loaded machine) may take up to
    // startMs more; one asleep then waits for nothing that will come, and fails at the deadline.
    const latest = started + timeoutMs + timeouts.startMs;
    let waitMs = timeoutMs;
    let extended = false;
    for (;;) {
      try {
        return { outcome: 'exited', exit: await program.waitForExit({ timeoutMs: waitMs }) };
      } catch (error) {
        const missed = this.missed(error, program, timeoutMs);
        // Asleep with nothing of its own due before the deadline: waiting longer would change nothing.
        if (missed.outcome === 'exited' || missed.asleep) return missed;
      }
      // An exit that comes while it is watched counts as work (see isStillWorking): the wait for it goes on.
      const working = program.exitInfo !== undefined || (await isStillWorking(program.pid));
      if (this.cancelled) throw new CheckCancelled();
      const now = Date.now();
      if (!working || now >= latest) return { outcome: 'timeout', timeoutMs: extended ? now - started : timeoutMs };
      extended = true;
      waitMs = Math.min(1_000, latest - now);
    }
  }

  /**
   * Resolves once every program given is certain to do nothing by itself within `timeoutMs` (default
   * timeouts.reactMs): every thread of its processes waits for something from outside (a connection, a
   * server's answer, a signal; see Program.watchAsleep), or `timeoutMs` has passed. Then two turns of the
   * event loop read what they wrote before they slept. For "did it answer before X happened": a program
   * that would answer by itself has answered by then, however the machine delayed it.
   */
  async untilAsleep(programs: readonly Program[], options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const signal = this.settings.signal;
    await Promise.all(
      programs.map(
        (program) =>
          new Promise<void>((resolve) => {
            let stopWatching: (() => void) | undefined;
            const done = () => {
              clearTimeout(timer);
              stopWatching?.();
              signal?.removeEventListener('abort', done);
              resolve();
            };
            const timer = setTimeout(done, timeoutMs);
            signal?.addEventListener('abort', done, { once: true });
            stopWatching = program.watchAsleep(timeoutMs, done);
          }),
      ),
    );
    if (this.cancelled) throw new CheckCancelled();
    // Each turn has a poll phase, which reads every connection with something to read.
    for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /**
   * What an engine wait that threw means to a check: the program exited, or the deadline passed. A
   * cancelled run ends the check here; anything else is a bug, rethrown.
   */
  protected missed(error: unknown, program: Program, timeoutMs: number): LineMissed {
    if (this.cancelled || isCancelled(error)) throw new CheckCancelled();
    if (!(error instanceof WaitError)) throw error;
    if (error.reason === 'exited') return { outcome: 'exited', exit: error.exit ?? program.exitInfo ?? { code: null, signal: null } };
    if (error.reason === 'asleep' && error.asleep) return { outcome: 'timeout', timeoutMs, asleep: error.asleep };
    return { outcome: 'timeout', timeoutMs };
  }

}
