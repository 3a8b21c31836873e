import { spawn, type ChildProcess } from 'node:child_process';
import { cleanEnv } from './clean-env.js';
import type { ExitInfo } from './exit-info.js';
import { loaderArgs } from './loader-args.js';
import { toLineTest, type LineMatcher } from '../waits/line-matcher.js';
import { drainSlowly } from './drain-slowly.js';
import { watchDormant, type Asleep, type ThreadHistory } from '../waits/dormancy.js';
import { holdUntilAsleep, type HoldEnd } from '../waits/hold-until-asleep.js';
import { defaultMemoryLimitMb } from '../limits/memory-watch.js';
import { BUSY_CPU_MS } from '../limits/busy-watch.js';
import { OutputCapture, type StreamName } from './output-capture.js';
import { raceDeadline } from '../waits/race.js';
import { newRunMark, processesMarked, RUN_MARK_VARIABLE } from '../owner/run-mark.js';
import { withParentDeathSignal } from '../owner/parent-death.js';
import { isGroupAlive } from '../terminate/group-members.js';
import { WaitError } from '../waits/wait-errors.js';
import { trackGroup, untrackGroup } from '../terminate/live-groups.js';
import { terminateGroup, type TerminateReport } from '../terminate/terminate-group.js';

// How to start a learner's program.
export interface StartOptions {
  /** The learner's file (absolute path). */
  file: string;
  args?: readonly string[];
  /** Node's own flags, before the file (a cluster's workers inherit them through process.execArgv). */
  nodeArgs?: readonly string[];
  /** Added to the clean environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Text written to stdin and then closed; 'closed' (the default) closes it at once. */
  stdin?: string | 'closed';
  cwd?: string;
  captureBytes?: number;
  /**
   * Read stdout as a slow reader does: nothing until the program has exited or sleeps waiting on the full
   * pipe (see holdUntilAsleep), then all of it. A program that exits while its output is still queued loses
   * it here every time, as it does behind any slow reader. Not held where there is no /proc (see `stdoutHold`).
   */
  holdStdout?: boolean;
  /** Cancels every wait on this program (the learner pressed Ctrl-C in the UI, say). */
  signal?: AbortSignal;
  /** The environment to take the safe pass-through variables from (default: the workshop's). */
  baseEnv?: NodeJS.ProcessEnv;
  /** How much resident memory its processes may use together (default DEFAULT_MEMORY_LIMIT_MB); see watchMemory. */
  memoryLimitMb?: number;
  /**
   * How much CPU time one of its processes may use while the program prints nothing before it counts as
   * spinning (default BUSY_CPU_MS, see watchBusy): raised for a program that computes silently on purpose.
   */
  busyCpuMs?: number;
}

// A line a wait found: its text and its index in the stream's lines.
export interface FoundLine {
  line: string;
  index: number;
}

/** After exit, how long to wait for the last output still in the pipes, while workers may hold them. */
const DRAIN_AFTER_EXIT_MS = 500;

/**
 * After exit, with nothing of the program left to hold its pipes, how long their end may still take to be
 * read: on a busy machine this process may see the exit well before the output. A bound, never a wait.
 */
const LATE_DRAIN_MS = 10_000;

// A running learner's program: a direct child in its own process group, its output, and waits on it.
export class Program {
  readonly pid: number;
  readonly stdout: OutputCapture;
  readonly stderr: OutputCapture;
  readonly startedAt = Date.now();
  readonly file: string;
  /** How much resident memory its processes may use together (see watchMemory). */
  readonly memoryLimitMb: number;
  /** How much CPU time a silent process of it may use before it counts as spinning (see watchBusy). */
  readonly busyCpuMs: number;
  /** The value of RUN_MARK_VARIABLE in this run's environment: cleanup finds the processes it started by it. */
  readonly mark = newRunMark();
  /** Set once the program has exited (its output may still be draining). */
  exitInfo: ExitInfo | undefined;
  /** Set when node could not start the program at all. */
  spawnError: Error | undefined;
  /** Settles once the program has exited and its output has been read. */
  readonly exited: Promise<ExitInfo>;
  /**
   * With `holdStdout`: settles when stdout is read again, saying why (it exited, or slept on the full pipe);
   * undefined at once where it could not be held (no /proc). Without `holdStdout`: undefined.
   */
  readonly stdoutHold: Promise<HoldEnd | undefined>;
  #holdingStdout = false;
  #child: ChildProcess;
  #signal: AbortSignal | undefined;
  #stopped: Promise<TerminateReport> | undefined;
  /** What the waits' samples saw of its threads: when each last ran (see watchDormant). */
  #threads: ThreadHistory = new Map();

  constructor(options: StartOptions) {
    this.file = options.file;
    this.memoryLimitMb = options.memoryLimitMb ?? defaultMemoryLimitMb();
    this.busyCpuMs = options.busyCpuMs ?? BUSY_CPU_MS;
    this.#signal = options.signal;
    this.stdout = new OutputCapture('stdout', options.captureBytes);
    this.stderr = new OutputCapture('stderr', options.captureBytes);
    // Killed with the workshop, however the workshop dies (see withParentDeathSignal).
    const [command, args] = withParentDeathSignal(process.execPath, [...(options.nodeArgs ?? []), ...loaderArgs(options.file), options.file, ...(options.args ?? [])]);
    this.#child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...cleanEnv(options.env, options.baseEnv), [RUN_MARK_VARIABLE]: this.mark },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group (pgid = pid), so cleanup reaches every process it starts.
      detached: true,
    });
    this.pid = this.#child.pid ?? -1;
    if (this.pid > 0) trackGroup(this.pid, this.mark);
    this.#child.stdout!.on('data', (chunk: Buffer) => this.stdout.push(chunk));
    this.#child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    // Past its cap a stream is only counted, and read slowly (see drainSlowly).
    this.stdout.onOverflow(() => drainSlowly(this.#child.stdout!));
    this.stderr.onOverflow(() => drainSlowly(this.#child.stderr!));
    this.#child.stdout!.on('end', () => this.stdout.end());
    this.#child.stderr!.on('end', () => this.stderr.end());
    this.exited = new Promise<ExitInfo>((resolve) => {
      this.#child.once('error', (error) => {
        this.spawnError = error;
        this.exitInfo ??= { code: null, signal: null };
        this.stdout.end();
        this.stderr.end();
        resolve(this.exitInfo);
      });
      this.#child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        void this.#drained().then(() => resolve({ code, signal }));
      });
    });
    this.stdoutHold = options.holdStdout ? this.#holdStdout() : Promise.resolve(undefined);
    this.#feedStdin(options.stdin ?? 'closed');
  }

  /** True while stdout is held (see StartOptions.holdStdout): the program may be printing what we do not read yet. */
  get holdingStdout(): boolean {
    return this.#holdingStdout;
  }

  /** True while its output is not read at full speed: held (holdStdout), or past the cap and drained slowly. */
  get outputHeld(): boolean {
    return this.#holdingStdout || this.stdout.truncated || this.stderr.truncated;
  }

  /** True until the program itself has exited (workers it started may live on). */
  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** The lines of one stream so far. */
  lines(stream: StreamName): readonly string[] {
    return this[stream].lines;
  }

  // Waits for a line on stdout or stderr, searching from line `from` on; fails when the program exits first or time runs out.
  waitForLine(stream: StreamName, matcher: LineMatcher, options: { timeoutMs: number; from?: number }): Promise<FoundLine> {
    const capture = this[stream];
    const test = toLineTest(matcher);
    const from = options.from ?? 0;
    const lines = capture.lines;
    for (let index = from; index < lines.length; index++) {
      if (test(lines[index]!)) return Promise.resolve({ line: lines[index]!, index });
    }
    return raceDeadline<FoundLine>(
      options.timeoutMs,
      (resolve, reject) => {
        const offLine = capture.onLine((line, index) => {
          if (index >= from && test(line)) resolve({ line, index });
        });
        // `exited` settles only after the output has been read, so a last line still wins over the exit.
        void this.exited.then(() => reject(new WaitError('exited', Date.now() - this.startedAt, this.exitInfo)));
        const offAsleep = this.#onAsleep(options.timeoutMs, reject);
        return () => {
          offLine();
          offAsleep();
        };
      },
      this.#signal,
    );
  }

  // Waits for the program to exit and its output to be read; fails when time runs out.
  waitForExit(options: { timeoutMs: number }): Promise<ExitInfo> {
    return raceDeadline<ExitInfo>(
      options.timeoutMs,
      (resolve, reject) => {
        void this.exited.then(resolve);
        return this.#onAsleep(options.timeoutMs, reject);
      },
      this.#signal,
    );
  }

  // Sends a signal to the program's own pid (not its group): the behaviour a check is testing.
  kill(signal: NodeJS.Signals): boolean {
    if (this.exitInfo) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  // Sends a signal to the program's whole process group, as a terminal's Ctrl-C does: the primary and its
  // workers at once (processes that left the group are not reached, as in a terminal).
  killGroup(signal: NodeJS.Signals): boolean {
    if (this.exitInfo) return false;
    try {
      process.kill(-this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  // Ends the program and everything it started (its process group, and the processes that left it) and confirms none is left.
  stop(): Promise<TerminateReport> {
    this.#stopped ??= (async () => {
      const report = this.pid > 0 ? await terminateGroup(this.pid, { mark: this.mark }) : { wasAlive: false, forced: false, escaped: 0, empty: true };
      // Its own exit has been seen by now unless it never started; the pipes close with it.
      if (this.pid > 0) untrackGroup(this.pid);
      this.#child.stdout?.destroy();
      this.#child.stderr?.destroy();
      this.#child.stdin?.destroy();
      // A destroyed pipe never emits 'end': its capture ends here, so nothing waits for more of it.
      this.stdout.end();
      this.stderr.end();
      return report;
    })();
    return this.#stopped;
  }

  /**
   * Calls back once the program is certain to do nothing by itself within `timeoutMs` from now (see
   * watchDormant): a wait for what it would do then can end at once. With `horizonMs`, within that much of
   * each moment it is looked at, up to the deadline. Returns the function that stops watching.
   */
  watchAsleep(timeoutMs: number, onAsleep: (asleep: Asleep) => void, horizonMs = Infinity): () => void {
    if (this.pid <= 0 || timeoutMs <= 0 || horizonMs <= 0) return () => {};
    const deadline = Date.now() + timeoutMs;
    return watchDormant(this, () => Math.min(deadline, Date.now() + horizonMs), onAsleep, this.#threads);
  }

  // Ends a wait as soon as the program is asleep for good (see watchAsleep): it would only end at its deadline.
  #onAsleep(timeoutMs: number, reject: (error: unknown) => void): () => void {
    const waitStarted = Date.now();
    return this.watchAsleep(timeoutMs, (asleep) => reject(new WaitError('asleep', Date.now() - waitStarted, undefined, asleep)));
  }

  #holdStdout(): Promise<HoldEnd | undefined> {
    const exit = new Promise<void>((resolve) => {
      this.#child.once('exit', () => resolve());
      this.#child.once('error', () => resolve());
    });
    this.#holdingStdout = true;
    const hold = holdUntilAsleep(this.#child.stdout!, this.pid, exit);
    void hold.then(() => (this.#holdingStdout = false));
    return hold;
  }

  #feedStdin(stdin: string): void {
    const pipe = this.#child.stdin;
    if (!pipe) return;
    // A program that never reads stdin, or exits early, closes the pipe: that is its right, not our error.
    pipe.on('error', () => {});
    if (stdin === 'closed') pipe.end();
    else pipe.end(stdin);
  }

  async #drained(): Promise<void> {
    // Workers the program started may still hold its pipes open: wait a little for the end, not forever.
    await this.#pipesEnded(DRAIN_AFTER_EXIT_MS);
    // With no process of the program left, the pipes have ended: what is late is only our reading of it.
    if (!(this.stdout.ended && this.stderr.ended) && !isGroupAlive(this.pid) && processesMarked(this.mark).length === 0) await this.#pipesEnded(LATE_DRAIN_MS);
  }

  // Resolves once both pipes have ended, or after `timeoutMs`.
  async #pipesEnded(timeoutMs: number): Promise<void> {
    if (this.stdout.ended && this.stderr.ended) return;
    await raceDeadline<void>(timeoutMs, (resolve) => {
      const check = () => {
        if (this.stdout.ended && this.stderr.ended) resolve();
      };
      const offOut = this.stdout.onEnd(check);
      const offErr = this.stderr.onEnd(check);
      return () => {
        offOut();
        offErr();
      };
    }).catch(() => {});
  }
}

// Starts a learner's program.
export function startProgram(options: StartOptions): Program {
  return new Program(options);
}
