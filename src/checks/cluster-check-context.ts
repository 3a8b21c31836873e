import { setTimeout as delay } from 'node:timers/promises';
import { onAddressInUse } from '../engine/http/address-in-use.js';
import { clusterEnv } from '../engine/program/cluster-env.js';
import { collectWorkers, type WorkerAnswer } from '../engine/http/collect-workers.js';
import { requestReader } from '../engine/http/connection-holder.js';
import { claimDefaultPort, DEFAULT_PORT } from '../engine/http/default-port.js';
import { freePort } from '../engine/http/free-port.js';
import { waitUntilRefused } from '../engine/http/port-refuses.js';
import { startMessageTrace, type MessageTrace } from '../engine/program/message-trace.js';
import { httpGet, HttpFailure, type HttpAnswer } from '../engine/http/http-get.js';
import { pollUntil } from '../engine/waits/poll-until.js';
import { readProcess } from '../engine/proc/process-table.js';
import { childrenOf, liveTree } from '../engine/proc/process-tree.js';
import { isGroupAlive } from '../engine/terminate/group-members.js';
import { TreeWatcher } from '../engine/program/tree-watcher.js';
import type { Asleep } from '../engine/waits/dormancy.js';
import { ListeningElsewhereError, ListeningUnreachableError, PortInUseError, waitForPort } from '../engine/http/wait-for-port.js';
import { WaitError } from '../engine/waits/wait-errors.js';
import { defaultMemoryLimitMb } from '../engine/limits/memory-watch.js';
import { CheckContext, type RunOptions, type WaitOptions } from './check-context.js';
import {
  addressInUseFailure,
  leftRunningFailure,
  listeningElsewhereFailure,
  listeningUnreachableFailure,
  notAChildFailure,
  notListeningFailure,
  orphansFailure,
  portInUseFailure,
  primaryPidFailure,
  requestFailure,
  requestNotReadFailure,
  serverEndedFailure,
  tooFewAnswersFailure,
  tooManyWorkersFailure,
  workerCountFailure,
  workerCrashFailure,
  workerGoneFailure,
  workersNotBackFailure,
  wrongAnswerFailure,
} from './cluster-failures.js';
import { acceptedWorkers, DEFAULTS_HINT, defaultsLabel, expectedWorkers, workersCount, type ClusterRun } from './cluster-run.js';
import { SignalLink } from './link-signals.js';
import { CheckCancelled, StepFailure, type FailureDetails } from './step-failure.js';
import { seconds, timeouts } from './timeouts.js';

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

/** How a request ended: a complete answer, or the failure a step would fail with (a check may word it its own way). */
export type RequestOutcome = { outcome: 'answered'; answer: HttpAnswer } | { outcome: 'failed'; failure: FailureDetails };

/**
 * Where the platform has no /proc, the check cannot see that a worker has read a request; it waits this
 * long after sending it instead. The only fixed wait of the checks: lesson-12's contract is about time
 * (a request in flight when the signal arrives), and this is how "in flight" is reached without /proc.
 */
export const IN_FLIGHT_GRACE_MS = 250;

/**
 * How long a run with PORT unset waits for port 8000 while other verifications on this machine use it: runs
 * with the default take turns, and each holds it for a few seconds. Past this, PORT unset is not checked.
 */
const DEFAULT_PORT_WAIT_MS = 60_000;

/** Requests collectWorkers sends at most, whatever happens. */
const MAX_COLLECT_REQUESTS = 200;

/**
 * How long collectWorkers goes on when every child the primary has answered already: a right program forks
 * all its workers at once, so one more could only come from a fork still to happen (see noWorkerLeft).
 */
const SETTLED_QUIET_MS = 1_500;

/**
 * The check API of the cluster lessons on top of CheckContext: a free port per run, HTTP on fresh
 * connections, workers seen in answers and in the process table, restarts, and a tree left empty.
 * What the learner is told lives in cluster-failures.ts; this class waits, acts and picks the failure.
 */
export class ClusterCheckContext extends CheckContext {
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
   * Before a run with the lessons' defaults: claims port 8000 so that PORT can be left unset (every
   * verification on this machine takes its turn; inside grade's sandbox the port is always free). Resolves
   * with `portUnset` for startCluster and the step's label (see defaultsLabel). Where port 8000 is taken, it
   * records that PORT unset was not checked and why, and the run gets a free port as usual. The claim ends
   * with the check.
   */
  async claimDefaults(): Promise<{ portUnset: boolean; label: string }> {
    const claim = await claimDefaultPort({ waitMs: DEFAULT_PORT_WAIT_MS, signal: this.settings.signal });
    this.#endIfCancelled();
    if ('busy' in claim) {
      this.note(`PORT unset (the default, port ${DEFAULT_PORT}) was not checked: ${claim.busy}`);
      return { portUnset: false, label: defaultsLabel(false) };
    }
    this.cleanups.push(claim.release);
    return { portUnset: true, label: defaultsLabel(true) };
  }

  /**
   * Waits until the run's port accepts connections held by the program, at most `timeoutMs` (default
   * timeouts.startMs). Fails on EADDRINUSE, when the program exits or a worker crashes, when its processes
   * listen only on other ports (from the socket table), or at the deadline.
   */
  async waitForPort(run: ClusterRun, options: WaitOptions & { asleepWithinMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.startMs;
    try {
      // Asleep with nothing due within reactMs, it is not starting slowly (see the engine's waitForPort).
      await waitForPort(run.port, run.program, { timeoutMs, signal: this.settings.signal, asleepWithinMs: options.asleepWithinMs ?? timeouts.reactMs });
    } catch (error) {
      this.#endIfCancelled();
      if (error instanceof PortInUseError) this.fail(portInUseFailure(run, error.line));
      if (error instanceof ListeningElsewhereError) this.fail(listeningElsewhereFailure(run, error.ports));
      if (error instanceof ListeningUnreachableError) this.fail(listeningUnreachableFailure(run, error.addresses));
      if (!(error instanceof WaitError)) throw error;
      if (error.reason === 'exited') this.fail(serverEndedFailure(run, `listening on port ${run.port}`, options.hint));
      this.expectNoWorkerCrash(run);
      this.fail(notListeningFailure(run, { outcome: 'timeout', timeoutMs, asleep: error.asleep }, options.hint));
    }
  }

  /**
   * Sends GET <path> on a fresh connection and waits for the whole response, at most `timeoutMs` (default
   * timeouts.reactMs), or until the program says its port is taken. Never fails the step: resolves with the
   * answer, or with the failure `get` would fail with. `onSent` gets the client's port once the request is out.
   */
  async request(run: ClusterRun, path: string, options: WaitOptions & { onSent?: (localPort: number) => void } = {}): Promise<RequestOutcome> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const link = this.#link(run, { exit: false });
    try {
      return { outcome: 'answered', answer: await httpGet(run.port, path, { timeoutMs, signal: link.signal, onSent: options.onSent }) };
    } catch (error) {
      return { outcome: 'failed', failure: this.#requestFailure(run, `GET ${path}`, error, options.hint) };
    } finally {
      link.dispose();
    }
  }

  /** Sends GET <path> as `request` does; fails when no complete response comes (the port taken, the program ended, a timeout). */
  async get(run: ClusterRun, path: string, options: WaitOptions & { onSent?: (localPort: number) => void } = {}): Promise<HttpAnswer> {
    const sent = await this.request(run, path, options);
    if (sent.outcome === 'failed') this.fail(sent.failure);
    return sent.answer;
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
    const link = this.#link(run, { exit: true });
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
      this.fail(this.#requestFailure(run, `GET ${path}`, error, expect.hint));
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

  /** Fails when a server program has ended before `before` ("printing \"12 died\""): it must run until it is signalled. */
  expectRunning(run: ClusterRun, before: string, hint?: string): void {
    if (!run.program.running) this.fail(serverEndedFailure(run, before, hint));
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
    const link = this.#link(run, { exit: true, inUse: false });
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
      this.#endIfCancelled();
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
   * Waits until a request sent from `clientPort` has been taken by one of the program's processes and read
   * (the server side of the connection has an empty receive queue): from then on it is in flight. Fails
   * when no worker read it within `timeoutMs` (default timeouts.reactMs). Where there is no /proc to see
   * that, waits IN_FLIGHT_GRACE_MS instead (see there).
   */
  async waitUntilRequestRead(run: ClusterRun, clientPort: number, options: WaitOptions & { what: string }): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const pids = () => [...run.tree.alive, run.program.pid];
    if (requestReader(run.port, clientPort, pids()) === 'unknown') {
      await delay(IN_FLIGHT_GRACE_MS, undefined, { signal: this.settings.signal }).catch(() => this.#endIfCancelled());
      return;
    }
    try {
      await pollUntil(() => requestReader(run.port, clientPort, pids()), { timeoutMs, signal: this.settings.signal });
    } catch (error) {
      this.#endIfCancelled();
      if (!(error instanceof WaitError)) throw error;
      this.fail(requestNotReadFailure(run, options.what, timeoutMs, options.hint));
    }
  }

  /**
   * After the signal that stops the program: waits until its port refuses new connections (the workers'
   * servers closed), at most `timeoutMs` (default timeouts.reactMs); fails when connections are still
   * accepted then, `after` saying since when ("after SIGTERM").
   */
  async expectStopsAccepting(run: ClusterRun, options: WaitOptions & { after: string }): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const closed = await waitUntilRefused(run.port, { timeoutMs, signal: this.settings.signal });
    this.#endIfCancelled();
    if (closed) return;
    this.fail({
      message: `Port ${run.port} still accepted new connections ${seconds(timeoutMs)} ${options.after}: the workers go on listening.`,
      expected: `no new connection accepted ${options.after} (the workers' servers closed)`,
      actual: `connections still accepted ${seconds(timeoutMs)} later`,
      hint: options.hint ?? "Stop taking connections at once: worker.disconnect() in the primary (or server.close() in each worker) closes the server while the requests in flight go on.",
      program: run.program,
    });
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
      this.#endIfCancelled();
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

  // The signal a wait on this run listens to: the run cancelled, and (as asked) the program's exit and an
  // EADDRINUSE line on its stderr.
  #link(run: ClusterRun, ends: { exit: boolean; inUse?: boolean }): SignalLink {
    const link = new SignalLink(this.settings.signal);
    if (ends.exit) link.followSettled(run.program.exited);
    if (ends.inUse ?? true) link.followEvent((fire) => onAddressInUse(run.program.stderr, fire));
    return link;
  }

  // What a request that threw means to the learner; a cancelled run ends the check, anything else is a bug.
  #requestFailure(run: ClusterRun, request: string, error: unknown, hint: string | undefined): FailureDetails {
    this.#endIfCancelled();
    if (!(error instanceof HttpFailure)) throw error;
    return requestFailure(run, request, error.describe, hint);
  }

  #endIfCancelled(): void {
    if (this.cancelled) throw new CheckCancelled();
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
