import { clusterEnv } from '../engine/program/cluster-env.js';
import { collectWorkers, type WorkerAnswer } from '../engine/http/collect-workers.js';
import { DEFAULT_PORT } from '../engine/http/default-port.js';
import { freePort } from '../engine/http/free-port.js';
import { startMessageTrace, type MessageTrace } from '../engine/program/message-trace.js';
import { pollUntil } from '../engine/waits/poll-until.js';
import { readProcess } from '../engine/proc/process-table.js';
import { childrenOf, liveTree } from '../engine/proc/process-tree.js';
import { isGroupAlive } from '../engine/terminate/group-members.js';
import { TreeWatcher } from '../engine/program/tree-watcher.js';
import type { Asleep } from '../engine/waits/dormancy.js';
import { WaitError } from '../engine/waits/wait-errors.js';
import { defaultMemoryLimitMb } from '../engine/limits/memory-watch.js';
import type { RunOptions, WaitOptions } from './check-context.js';
import {
  leftRunningFailure,
  notAChildFailure,
  orphansFailure,
  primaryPidFailure,
  tooFewAnswersFailure,
  tooManyWorkersFailure,
  workerCountFailure,
  workerCrashFailure,
  workerGoneFailure,
  workersNotBackFailure,
  wrongAnswerFailure,
} from './failures/cluster-failures.js';
import { addressInUseFailure } from './failures/server-failures.js';
import { acceptedWorkers, DEFAULTS_HINT, defaultsLabel, expectedWorkers, workersCount, type ClusterRun } from './cluster-run.js';
import { ServerCheckContext } from './server-check-context.js';
import type { ServerRun } from './server-run.js';
import { StepFailure, type FailureDetails } from './step-failure.js';
import { timeouts } from './timeouts.js';

/** The memory a cluster check allows each worker it expects, on top of the program's own limit. */
const MEMORY_PER_WORKER_MB = 32;

/** What a cluster check expects of every answer while it looks for the workers. */
export interface WorkerAnswerExpectation {
  /** How many different workers must answer (default: the run's WORKERS). */
  count?: number;
  path?: string;
  status?: number;
  /** The exact body every answer must have. */
  body?: string;
  /** What to try when too few workers answer. */
  hint?: string;
}

/** Requests collectWorkers sends at most, whatever happens. */
const MAX_COLLECT_REQUESTS = 200;

/**
 * How long collectWorkers goes on when every child the primary has answered already: a right program forks
 * all its workers at once, so one more could only come from a fork still to happen (see noWorkerLeft).
 */
const SETTLED_QUIET_MS = 1_500;

/**
 * The check API of the cluster lessons on top of ServerCheckContext (a free port per run, HTTP on fresh
 * connections, requests in flight): workers seen in answers and in the process table, restarts, and a tree
 * left empty. What the learner is told lives in failures/; this class waits, acts and picks the failure.
 */
export class ClusterCheckContext extends ServerCheckContext {
  /**
   * Starts a cluster program on a free port (PORT), with WORKERS set (undefined: unset) and round robin, and
   * a watcher that records the workers it forks. Does not wait: see waitForPort.
   */
  async startCluster(options: RunOptions & { workers: number | undefined; portUnset?: boolean }): Promise<ClusterRun> {
    const { workers, portUnset = false, ...runOptions } = options;
    const port = portUnset ? DEFAULT_PORT : await freePort();
    // Each worker it should fork may hold some memory of its own (one per CPU can be dozens): the limit grows with them.
    const memoryLimitMb = runOptions.memoryLimitMb ?? defaultMemoryLimitMb() + MEMORY_PER_WORKER_MB * expectedWorkers(workers);
    const program = this.start({ ...runOptions, memoryLimitMb, env: { ...runOptions.env, ...clusterEnv({ port: portUnset ? undefined : port, workers }) } });
    const tree = new TreeWatcher(program.pid);
    // A line a worker prints proves it exists right now: sample then too, not only on the watcher's timer.
    program.stdout.onLine(() => tree.nudge());
    program.stderr.onLine(() => tree.nudge());
    return { program, port, portUnset, workersEnv: workers, workers: expectedWorkers(workers), tree };
  }

  protected override defaultsLabel(portUnset: boolean): string {
    return defaultsLabel(portUnset);
  }

  // A worker's crash says more than "nothing listened".
  protected override whileNotListening(run: ServerRun): void {
    if (isClusterRun(run)) this.expectNoWorkerCrash(run);
  }

  // The workers serve the requests.
  protected override serverProcesses(run: ServerRun): readonly number[] {
    return isClusterRun(run) ? run.tree.alive : [];
  }

  /**
   * Starts the program as a learner runs it, with the lessons' defaults: WORKERS unset and, as `defaults`
   * (from claimDefaults) allows, PORT unset; waits until it listens and every worker (one per CPU) has
   * answered GET / with "hello world\n". Fails with the defaults' hint when it does not.
   */
  async startWithDefaults(defaults: { portUnset: boolean }, options: RunOptions = {}): Promise<ClusterRun & { pids: number[]; answers: WorkerAnswer[] }> {
    const run = await this.startCluster({ ...options, workers: undefined, portUnset: defaults.portUnset });
    await this.waitForPort(run, { hint: DEFAULTS_HINT });
    const { pids, answers } = await this.collectWorkers(run, { body: 'hello world\n', hint: DEFAULTS_HINT });
    this.expectWorkersOf(run, pids, { count: run.workers, counting: 'alive', hint: DEFAULTS_HINT });
    return { ...run, pids, answers };
  }

  /**
   * Records the messages between a cluster program's primary and its workers as the workers see them (a
   * preload the check adds to the program's Node flags, which workers inherit): start the program with its
   * `nodeArgs` and `env`. With `requests`, the HTTP requests each worker takes and answers are recorded in
   * the same order (readAll). Removed when the check ends.
   */
  traceMessages(options: { requests?: boolean } = {}): MessageTrace {
    const trace = startMessageTrace(options);
    this.cleanups.push(() => trace.remove());
    return trace;
  }

  /**
   * Sends requests (a fresh connection each) until `count` different workers have answered, and judges
   * every answer: status, exact body, and an x-worker-pid header naming a worker, not the primary. Fails
   * at the first wrong answer, when a request gets no response, or when no new worker answered for
   * timeouts.reactMs. Resolves with the workers' pids in the order they first answered, and every answer.
   */
  async collectWorkers(run: ClusterRun, expect: WorkerAnswerExpectation = {}): Promise<{ pids: number[]; answers: WorkerAnswer[] }> {
    const count = expect.count ?? run.workers;
    const path = expect.path ?? '/';
    const judged = { status: expect.status ?? 200, body: expect.body };
    // A worker that finds the port taken says so on stderr: that ends the requests at once, not their deadlines.
    const link = this.link(run, { exit: true });
    let wrong: FailureDetails | undefined;
    let collected;
    try {
      collected = await collectWorkers(run.port, {
        want: count,
        path,
        quietMs: timeouts.reactMs,
        settled: { quietMs: SETTLED_QUIET_MS, noneLeft: (pids) => noWorkerLeft(run, pids) },
        maxRequests: MAX_COLLECT_REQUESTS,
        requestTimeoutMs: timeouts.reactMs,
        signal: link.signal,
        stopOn: (entry) => {
          wrong = wrongAnswerFailure(run, `GET ${path}`, entry, judged, () => {
            run.tree.sample();
            return run.tree.available ? run.tree.alive : undefined;
          });
          return wrong !== undefined;
        },
      });
    } catch (error) {
      this.fail(this.requestFailureOf(run, `GET ${path}`, error, expect.hint));
    } finally {
      link.dispose();
    }
    if (wrong) this.fail(addressInUseFailure(run) ?? wrong);
    if (!collected.complete) {
      const inUse = addressInUseFailure(run);
      if (inUse) this.fail(inUse);
      this.expectNoWorkerCrash(run);
      run.tree.sample();
      const alive = run.tree.available ? run.tree.alive : undefined;
      this.fail(tooFewAnswersFailure(run, { count, pids: collected.pids, requests: collected.answers.length, quietMs: collected.quietMs, alive, hint: expect.hint }));
    }
    return { pids: collected.pids, answers: collected.answers };
  }

  /**
   * Checks from the process table that the pids are the primary's children (workers it forked) and that it
   * has `count` of them: alive now, or ever seen (for workers that exit by themselves). Fails on the
   * primary's own pid, a pid that is no child, or another number of workers. Without /proc, checks only
   * that no pid is the primary's.
   */
  expectWorkersOf(run: ClusterRun, pids: readonly number[], options: { count: number; counting: 'alive' | 'seen'; hint?: string }): void {
    run.tree.sample();
    for (const pid of pids) {
      if (pid === run.program.pid) this.fail(primaryPidFailure(run, pid));
      if (run.tree.available && !run.tree.children.has(pid) && isNotAChild(run, pid)) this.fail(notAChildFailure(run, pid, run.tree.seen));
    }
    if (!run.tree.available) return;
    // Counting what was started: the pids seen in the table, plus (on a starved machine) printed ones too quick to be seen.
    const children = options.counting === 'alive' ? run.tree.alive : [...new Set([...run.tree.seen, ...(run.tree.sawEveryChild ? [] : pids)])];
    // WORKERS unset: one per CPU, by os.availableParallelism() or os.cpus().length.
    const accepted = run.workersEnv === undefined && options.count === run.workers ? acceptedWorkers(undefined) : [options.count];
    if (!accepted.includes(children.length)) this.fail(workerCountFailure(run, children, options));
  }

  /** Fails when a worker crashed (its error is on the primary's stderr), saying with what. */
  expectNoWorkerCrash(run: ClusterRun): void {
    const crash = workerCrashFailure(run);
    if (crash) this.fail(crash);
  }

  /** After the primary has exited: fails when workers were still running at that moment (it did not wait for them). */
  expectNoOrphans(run: ClusterRun, hint?: string): void {
    run.tree.sample();
    if (run.tree.orphans.length > 0) this.fail(orphansFailure(run, run.tree.orphans, hint));
  }

  /** Kills one worker with SIGKILL (its pid only: the primary must notice and react); fails when it is already gone. */
  killWorker(run: ClusterRun, pid: number): void {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      this.fail(workerGoneFailure(run, pid));
    }
  }

  /**
   * Waits until the primary again has `count` live workers, none of them in `without` (those just killed),
   * at most `timeoutMs` (default timeouts.reactMs). There is no event for a process appearing: /proc is
   * polled with a backoff, raced against the deadline and the primary's exit. Fails when the program ends,
   * when too few are back in time, or when there are too many. Resolves with the live workers, or
   * undefined where there is no /proc.
   */
  async waitForWorkers(run: ClusterRun, options: { count: number; without: readonly number[]; after: string; timeoutMs?: number; hint?: string }): Promise<number[] | undefined> {
    if (!run.tree.available) return undefined;
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const link = this.link(run, { exit: true, inUse: false });
    // A program asleep for good forks no worker: no need to wait out the deadline.
    let asleep: Asleep | undefined;
    link.followEvent((fire) =>
      run.program.watchAsleep(timeoutMs, (found) => {
        asleep = found;
        fire();
      }),
    );
    let alive: number[];
    try {
      alive = await pollUntil(
        () => {
          run.tree.sample();
          const others = run.tree.alive.filter((pid) => !options.without.includes(pid));
          // Too many is final (workers do not vanish by themselves); too few may still be starting.
          return others.length > options.count || (others.length === options.count && others.length === run.tree.alive.length) ? others : undefined;
        },
        { timeoutMs, signal: link.signal },
      );
    } catch (error) {
      this.endIfCancelled();
      if (!(error instanceof WaitError)) throw error;
      this.expectRunning(run, `it had ${workersCount(options.count)} again ${options.after}`, options.hint);
      run.tree.sample();
      this.fail(workersNotBackFailure(run, { after: options.after, count: options.count, alive: run.tree.alive, waited: { outcome: 'timeout', timeoutMs, asleep }, hint: options.hint }));
    } finally {
      link.dispose();
    }
    if (alive.length > options.count) this.fail(tooManyWorkersFailure(run, { after: options.after, count: options.count, alive }));
    return alive;
  }

  /**
   * After the primary has exited: waits until none of its processes is left, at most `timeoutMs` (default
   * timeouts.reactMs), and fails naming the workers that never exited.
   */
  async expectNothingLeft(run: ClusterRun, options: WaitOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const left = () => liveTree(run.program.pid) ?? (isGroupAlive(run.program.pid) ? [run.program.pid] : []);
    try {
      await pollUntil(() => (left().length === 0 ? true : undefined), { timeoutMs, signal: this.settings.signal });
    } catch (error) {
      this.endIfCancelled();
      if (!(error instanceof WaitError)) throw error;
      this.fail(leftRunningFailure(run, left(), timeoutMs, options.hint));
    }
  }

  /**
   * Runs `body` while watching the primary's children: as soon as it forks a worker it did not have when
   * `body` started, fails with `failure(pid)` (the lesson words it), whatever `body` is waiting for.
   * Where there is no /proc no new worker can be seen, and `body` alone decides.
   */
  async withoutNewWorkers<T>(run: ClusterRun, failure: (pid: number) => FailureDetails, body: () => Promise<T>): Promise<T> {
    const before = new Set(run.tree.seen);
    let off = () => {};
    const forked = new Promise<never>((_, reject) => {
      off = run.tree.onChild((child) => {
        if (!before.has(child.pid)) reject(new StepFailure(failure(child.pid)));
      });
    });
    try {
      return await Promise.race([body(), forked]);
    } finally {
      off();
    }
  }
}

// True when the process table shows no child of the primary that has not answered yet: none still starting,
// and none between fork() and exec() either (every child counts, not only the marked workers). False where
// there is no /proc: nothing is known then.
function noWorkerLeft(run: ClusterRun, answered: readonly number[]): boolean {
  const children = childrenOf(run.program.pid);
  return children !== undefined && children.every((pid) => answered.includes(pid));
}

// True when a printed pid cannot be one of the primary's workers. While the watcher sampled densely, not
// having seen it is proof; on a machine so busy that samples were far apart, a worker may have come and gone
// unseen, so only a process alive now under another parent is.
function isNotAChild(run: ClusterRun, pid: number): boolean {
  if (run.tree.sawEveryChild) return true;
  const parent = readProcess(pid)?.ppid;
  return parent !== undefined && parent !== run.program.pid;
}

// A cluster's run, not a one-process server's.
function isClusterRun(run: ServerRun): run is ClusterRun {
  return 'tree' in run;
}
