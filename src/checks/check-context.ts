import { describeExit, type ExitInfo } from '../engine/exit-info.js';
import { hasProcTable } from '../engine/process-table.js';
import { describeMatcher, type LineMatcher } from '../engine/line-matcher.js';
import { normalizeLines } from '../engine/normalize-line.js';
import type { StreamName } from '../engine/output-capture.js';
import { startProgram, type FoundLine, type Program, type StartOptions } from '../engine/program.js';
import { WaitError } from '../engine/wait-errors.js';
import type { StepResult } from '../results/verify-result.js';
import { describeCrash } from './describe-crash.js';
import { firstDifference } from './first-difference.js';
import { ChecksStopped, StepFailure, type FailureDetails } from './step-failure.js';
import { timeouts } from './timeouts.js';

// What a check may set when it starts the learner's program.
export type RunOptions = Omit<StartOptions, 'file' | 'signal' | 'baseEnv'>;

// Where and how the check runs: set by the runner, the same for every program of one verification.
export interface CheckSettings {
  file: string;
  cwd?: string;
  /** Environment the safe pass-through variables come from (grading passes its own). */
  baseEnv?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onStepStart?: (title: string) => void;
  onStepEnd?: (step: StepResult) => void;
}

// Options of a wait that can fail a step.
export interface WaitOptions {
  timeoutMs?: number;
  /** What to try when the wait fails. */
  hint?: string;
}

// The API a lesson's check uses: start the learner's program, wait for what it must do, and record steps.
export class CheckContext {
  readonly steps: StepResult[] = [];
  readonly programs: Program[] = [];
  /** The program the report shows output of (the failing one, else the last started). */
  focus: Program | undefined;

  constructor(readonly settings: CheckSettings) {}

  /** The learner's file (absolute path). */
  get file(): string {
    return this.settings.file;
  }

  // Starts the learner's program; it is cleaned up, with all it started, when the check ends.
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
    return program;
  }

  // Runs one step and records it; the first failing step stops the check.
  async step<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.settings.onStepStart?.(title);
    const started = performance.now();
    const finish = (fields: Partial<StepResult>) => {
      const step: StepResult = { title, passed: false, ...fields, durationMs: Math.round(performance.now() - started) };
      this.steps.push(step);
      this.settings.onStepEnd?.(step);
    };
    try {
      const value = await body();
      finish({ passed: true });
      return value;
    } catch (error) {
      if (error instanceof WaitError && error.reason === 'cancelled') throw error;
      const failure = error instanceof StepFailure ? error.details : this.#describeUnexpected(error);
      if (failure.program) this.focus = failure.program;
      finish({ passed: false, message: failure.message, expected: failure.expected, actual: failure.actual, hint: failure.hint });
      throw new ChecksStopped();
    }
  }

  // Fails the current step with a message for the learner.
  fail(details: FailureDetails): never {
    throw new StepFailure(details);
  }

  // Waits for the program to exit and checks its exit code.
  async expectExit(program: Program, code: number, options: WaitOptions & { after?: string } = {}): Promise<ExitInfo> {
    const timeoutMs = options.timeoutMs ?? timeouts.exitMs;
    const expected = `exit with code ${code}${options.after ? ` ${options.after}` : ''}`;
    let exit: ExitInfo;
    try {
      exit = await program.waitForExit({ timeoutMs });
    } catch (error) {
      if (error instanceof WaitError && error.reason === 'timeout') {
        this.fail({
          message: `The program was still running ${seconds(timeoutMs)} later; it should ${expected}.`,
          expected,
          actual: `still running after ${seconds(timeoutMs)}`,
          hint: options.hint ?? 'Something keeps the event loop busy: an open server, a timer, a stdin listener. Let it end, or call process.exit() when the work is done.',
          program,
        });
      }
      throw error;
    }
    if (exit.code !== code) {
      const crash = this.crashOf(program);
      this.fail({
        message: crash ? `The program crashed: ${crash}` : `The program ${describeExit(exit)}; it should ${expected}.`,
        expected,
        actual: crash ? `${describeExit(exit)} after throwing ${crash}` : describeExit(exit),
        hint: crash ? 'Fix the error shown in stderr below, in your file at the line it names.' : options.hint,
        program,
      });
    }
    return exit;
  }

  // Checks a stream's whole output, line by line (trailing spaces, \r and blank lines at the end ignored).
  expectLines(program: Program, stream: StreamName, expected: readonly string[], options: { hint?: string } = {}): void {
    const actual = normalizeLines(program.lines(stream));
    // The expectation is normalized the same way, so an expected "2: " (an empty argument) can match.
    const difference = firstDifference(normalizeLines(expected), actual, stream);
    if (!difference) return;
    if (actual.length === 0 && expected.length > 0) {
      const crash = this.crashOf(program);
      if (crash) this.fail({ message: `The program crashed: ${crash}`, expected: difference.expected, actual: crash, program, hint: 'Fix the error shown in stderr below, in your file at the line it names.' });
    }
    this.fail({ ...difference, hint: options.hint, program });
  }

  // Waits for a line on a stream; fails when the program exits first or nothing comes in time.
  async waitForLine(program: Program, stream: StreamName, matcher: LineMatcher, options: WaitOptions & { from?: number; after?: string } = {}): Promise<FoundLine> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const wanted = `${describeMatcher(matcher)} on ${stream}${options.after ? ` ${options.after}` : ''}`;
    try {
      return await program.waitForLine(stream, matcher, { timeoutMs, from: options.from });
    } catch (error) {
      if (!(error instanceof WaitError) || error.reason === 'cancelled') throw error;
      const crash = this.crashOf(program);
      const happened =
        error.reason === 'timeout'
          ? `no such line within ${seconds(timeoutMs)} (the program is still running)`
          : crash
            ? `the program crashed first: ${crash}`
            : `the program ${describeExit(error.exit ?? program.exitInfo ?? { code: null, signal: null })} without printing it`;
      this.fail({ message: `Expected ${wanted}, but ${happened}.`, expected: `${wanted}`, actual: happened, hint: options.hint, program });
    }
  }

  // Ends a program and everything it started now, rather than when the check ends.
  async stop(program: Program): Promise<void> {
    await program.stop();
  }

  /** True where the process table (/proc) can be read: checks then see the processes a program starts. */
  get seesProcesses(): boolean {
    return hasProcTable;
  }

  // Records a step that was not checked on this platform, saying why.
  note(title: string): void {
    const step: StepResult = { title, passed: true, durationMs: 0 };
    this.settings.onStepStart?.(title);
    this.steps.push(step);
    this.settings.onStepEnd?.(step);
  }

  // The learner's own error, when the program crashed with one.
  crashOf(program: Program): string | undefined {
    if (program.spawnError) return `could not start: ${program.spawnError.message}`;
    if (!program.exitInfo || program.exitInfo.code === 0) return undefined;
    return describeCrash(program.stderr.text, program.file);
  }

  #describeUnexpected(error: unknown): FailureDetails {
    if (error instanceof WaitError) {
      const program = this.focus;
      const crash = program && this.crashOf(program);
      const message =
        error.reason === 'timeout'
          ? `Nothing happened within ${seconds(error.waitedMs)}.`
          : crash
            ? `The program crashed: ${crash}`
            : `The program ${describeExit(error.exit ?? { code: null, signal: null })} too early.`;
      return { message, program };
    }
    if (error instanceof ChecksStopped) throw error;
    // A bug in a check is ours, not the learner's: say so plainly.
    throw error;
  }
}

// "3 s", "500 ms": a duration as a learner reads it.
export function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
