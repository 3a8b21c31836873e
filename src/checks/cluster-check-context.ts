import { readProcess } from '../engine/process-table.js';
import { findAddressInUse, onAddressInUse } from '../engine/address-in-use.js';
import { clusterEnv } from '../engine/cluster-env.js';
import { collectWorkers, type WorkerAnswer } from '../engine/collect-workers.js';
import { requestReader } from '../engine/connection-holder.js';
import { describeExit } from '../engine/exit-info.js';
import { freePort } from '../engine/free-port.js';
import { httpGet, HttpFailure, type HttpAnswer } from '../engine/http-get.js';
import { pollUntil } from '../engine/poll-until.js';
import { liveTree } from '../engine/process-tree.js';
import { TreeWatcher } from '../engine/tree-watcher.js';
import { PortInUseError, waitForPort } from '../engine/wait-for-port.js';
import { isGroupAlive } from '../engine/terminate/group-members.js';
import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { WaitError } from '../engine/wait-errors.js';
import { describeWorkers, expectedWorkers, workersCount, type ClusterRun } from './cluster-run.js';
import { describeCrash } from './describe-crash.js';
import { quote } from './excerpt.js';
import { type FailureDetails } from './step-failure.js';
import { timeouts } from './timeouts.js';
import { CheckContext, seconds, type WaitOptions, type RunOptions } from './check-context.js';

// What a cluster check expects of every answer while it looks for the workers.
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

/**
 * Where the platform has no /proc, the check cannot see that a worker has read a request; it waits this
 * long after sending it instead. The only fixed wait of the checks: lesson-12's contract is about time
 * (a request in flight when the signal arrives), and this is how "in flight" is reached without /proc.
 */
export const IN_FLIGHT_GRACE_MS = 250;

// The check API of the cluster lessons on top of CheckContext: a free port per run, HTTP on fresh
// connections, workers seen in answers and in the process table, restarts, and a tree left empty.
export class ClusterCheckContext extends CheckContext {
  // Starts a cluster program on a free port (PORT), with WORKERS set (undefined: unset) and round robin.
  async startCluster(options: RunOptions & { workers: number | undefined }): Promise<ClusterRun> {
    const { workers, ...runOptions } = options;
    const port = await freePort();
    const program = this.start({ ...runOptions, env: { ...runOptions.env, ...clusterEnv({ port, workers }) } });
    const tree = new TreeWatcher(program.pid);
    // A line a worker prints proves it exists right now: sample then too, not only on the watcher's timer.
    program.stdout.onLine(() => tree.nudge());
    program.stderr.onLine(() => tree.nudge());
    return { program, port, workersEnv: workers, workers: expectedWorkers(workers), tree };
  }

  // Waits until the program's port accepts connections; fails on EADDRINUSE, an exit, or the deadline.
  async waitForPort(run: ClusterRun, options: WaitOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.startMs;
    try {
      await waitForPort(run.port, run.program, { timeoutMs, signal: this.settings.signal });
    } catch (error) {
      if (error instanceof PortInUseError) this.#failPortInUse(run, error.line);
      if (!(error instanceof WaitError) || error.reason === 'cancelled') throw error;
      if (error.reason === 'exited') this.#failEnded(run, `listening on port ${run.port}`, options.hint);
      this.expectNoWorkerCrash(run);
      this.fail({
        message: `Nothing listened on port ${run.port} (PORT) within ${seconds(timeoutMs)}; the program is still running.`,
        expected: `workers listening on port ${run.port}`,
        actual: `no connection accepted within ${seconds(timeoutMs)}`,
        hint: options.hint ?? 'In each worker, create an HTTP server and call server.listen(process.env.PORT).',
        program: run.program,
      });
    }
  }

  // Sends GET <path> on a fresh connection; fails with what happened when no complete response comes.
  async get(run: ClusterRun, path: string, options: WaitOptions & { onSent?: (localPort: number) => void } = {}): Promise<HttpAnswer> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    // Concurrent requests each listen to the one cancel signal: that is many listeners, not a leak.
    if (this.settings.signal) setMaxListeners(0, this.settings.signal);
    const stopped = new AbortController();
    const onCancel = () => stopped.abort();
    this.settings.signal?.addEventListener('abort', onCancel, { once: true });
    const offInUse = onAddressInUse(run.program.stderr, () => stopped.abort());
    let answer: HttpAnswer;
    try {
      answer = await httpGet(run.port, path, { timeoutMs, signal: stopped.signal, onSent: options.onSent });
    } catch (error) {
      this.#failRequest(run, `GET ${path}`, error, options.hint);
    } finally {
      this.settings.signal?.removeEventListener('abort', onCancel);
      offInUse();
    }
    return answer;
  }

  // Sends requests (a fresh connection each) until `count` different workers have answered, and judges
  // every answer: status, exact body, and an x-worker-pid header naming a worker, not the primary.
  // Returns the workers' pids in the order they first answered, and every answer.
  async collectWorkers(run: ClusterRun, expect: WorkerAnswerExpectation = {}): Promise<{ pids: number[]; answers: WorkerAnswer[] }> {
    const count = expect.count ?? run.workers;
    const path = expect.path ?? '/';
    const status = expect.status ?? 200;
    const stopped = new AbortController();
    const onExit = () => stopped.abort();
    void run.program.exited.then(onExit);
    const onCancel = () => stopped.abort();
    this.settings.signal?.addEventListener('abort', onCancel, { once: true });
    // A worker that finds the port taken says so on stderr: that ends the requests at once, not their deadlines.
    const offInUse = onAddressInUse(run.program.stderr, () => stopped.abort());
    let wrong: { entry: WorkerAnswer; failure: FailureDetails } | undefined;
    let collected;
    try {
      collected = await collectWorkers(run.port, {
        want: count,
        path,
        quietMs: timeouts.reactMs,
        maxRequests: 200,
        requestTimeoutMs: timeouts.reactMs,
        signal: stopped.signal,
        stopOn: (entry) => {
          const failure = this.#judgeAnswer(run, `GET ${path}`, entry, status, expect.body);
          if (failure) wrong = { entry, failure };
          return failure !== undefined;
        },
      });
    } catch (error) {
      this.#failRequest(run, `GET ${path}`, error, expect.hint);
    } finally {
      this.settings.signal?.removeEventListener('abort', onCancel);
      offInUse();
    }
    if (wrong) {
      if (findAddressInUse(run.program.stderr)) this.#failPortInUse(run, findAddressInUse(run.program.stderr));
      this.fail(wrong.failure);
    }
    if (!collected.complete) {
      if (findAddressInUse(run.program.stderr)) this.#failPortInUse(run, findAddressInUse(run.program.stderr));
      this.expectNoWorkerCrash(run);
      run.tree.sample();
      const running = run.tree.available ? ` The primary has ${workersCount(run.tree.alive.length)} running.` : '';
      this.fail({
        message: `Only ${collected.pids.length} of ${count} workers answered ${collected.answers.length} requests (each on a new connection), and no new one for ${seconds(timeouts.reactMs)}.${running}`,
        expected: `answers from ${workersCount(count)} (${describeWorkers(run)})`,
        actual: collected.pids.length > 0 ? `answers only from pid${collected.pids.length === 1 ? '' : 's'} ${collected.pids.join(', ')}` : 'no answer from any worker',
        hint:
          run.tree.available && run.tree.alive.length < count
            ? `The primary runs too few workers: fork Number(process.env.WORKERS) of them when WORKERS is set (${describeWorkers(run)}), else os.availableParallelism().`
            : (expect.hint ?? 'Have every worker call server.listen(process.env.PORT): the primary hands each new connection to the next listening worker.'),
        program: run.program,
      });
    }
    return { pids: collected.pids, answers: collected.answers };
  }

  // Checks from the process table that the pids are the primary's children (workers it forked) and that
  // it has `count` of them: alive now, or ever seen (for workers that exit by themselves).
  expectWorkersOf(run: ClusterRun, pids: readonly number[], options: { count: number; counting: 'alive' | 'seen'; hint?: string }): void {
    run.tree.sample();
    const primary = run.program.pid;
    for (const pid of pids) {
      if (pid === primary) {
        this.fail({
          message: `Pid ${pid} is the primary itself, not a worker: the workers must do this work, each in its own process.`,
          expected: `pids of worker processes (children of the primary, pid ${primary})`,
          actual: `the primary's own pid ${pid}`,
          hint: 'Put the work in the worker branch: `if (cluster.isPrimary) { fork… } else { …work… }`.',
          program: run.program,
        });
      }
      if (run.tree.available && !run.tree.children.has(pid) && isNotAChild(run, pid)) {
        const children = run.tree.seen;
        this.fail({
          message: `Pid ${pid} is not a worker: no child process of the primary (pid ${primary}) has that pid.`,
          expected: `pids of the primary's children${children.length > 0 ? ` (${children.join(', ')})` : ''}`,
          actual: `pid ${pid}`,
          hint: "Use the worker's own pid: process.pid, read inside the worker.",
          program: run.program,
        });
      }
    }
    if (!run.tree.available) return;
    // Counting what was started: the pids seen in the table, plus (on a starved machine) printed ones too quick to be seen.
    const children = options.counting === 'alive' ? run.tree.alive : [...new Set([...run.tree.seen, ...(run.tree.sawEveryChild ? [] : pids)])];
    if (children.length !== options.count) {
      this.fail({
        message: `The primary ${options.counting === 'alive' ? 'has' : 'started'} ${workersCount(children.length)}; expected ${options.count} (${describeWorkers(run)}).`,
        expected: `${workersCount(options.count)}`,
        actual: `${workersCount(children.length)}: pid${children.length === 1 ? '' : 's'} ${children.join(', ') || '(none)'}`,
        hint: options.hint ?? 'Fork exactly Number(process.env.WORKERS) workers when WORKERS is set, else os.availableParallelism().',
        program: run.program,
      });
    }
  }

  // A worker's own error, when one crashed: workers write to the primary's stderr, and a primary whose workers
  // crash may still exit with code 0 (or keep running).
  workerCrashOf(run: ClusterRun): string | undefined {
    return describeCrash(run.program.stderr.text, run.program.file);
  }

  // Fails the step when a worker crashed, saying with what (and what to do when it could not load the file at all).
  expectNoWorkerCrash(run: ClusterRun): void {
    const crash = this.workerCrashOf(run);
    if (!crash) return;
    const lostLoader = /ERR_UNKNOWN_FILE_EXTENSION|Unknown file extension/.test(crash);
    this.fail({
      message: `A worker crashed: ${crash}`,
      expected: 'workers that run without an error',
      actual: crash,
      hint: lostLoader
        ? "The workers could not load your TypeScript file: they were started without the loader the primary runs with. If you set execArgv, keep the primary's flags: execArgv: [...process.execArgv, …]."
        : 'Fix the error shown in stderr below, in your file at the line it names.',
      program: run.program,
    });
  }

  // Fails the step when a server program has ended before `before` (it must run until it is signalled).
  expectRunning(run: ClusterRun, before: string, hint?: string): void {
    if (!run.program.running) this.#failEnded(run, before, hint);
  }

  // After the primary has exited: fails when workers were still running at that moment (it did not wait for them).
  expectNoOrphans(run: ClusterRun, hint?: string): void {
    run.tree.sample();
    const orphans = run.tree.orphans;
    if (orphans.length === 0) return;
    this.fail({
      message: `The primary exited while ${workersCount(orphans.length)} still ran (pid${orphans.length === 1 ? '' : 's'} ${orphans.join(', ')}): it must exit only once all its workers have exited.`,
      expected: 'the primary exits after its last worker',
      actual: 'the primary exited first',
      hint: hint ?? "Don't call process.exit() in the primary: once every worker has exited, the primary has nothing left to do and ends by itself with code 0.",
      program: run.program,
    });
  }

  // Kills one worker with SIGKILL (its pid only: the primary must notice and react).
  killWorker(run: ClusterRun, pid: number): void {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      this.fail({
        message: `Worker ${pid} had already exited before the check could kill it.`,
        expected: `worker ${pid} running until it is killed`,
        actual: 'already gone',
        hint: 'Workers must keep serving until they are stopped.',
        program: run.program,
      });
    }
  }

  // Waits until the primary again has `count` live workers, none of them in `without` (those just killed).
  // There is no event for a process appearing: /proc is polled with a backoff, raced against the deadline
  // and the primary's exit. Returns the live workers, or undefined where there is no /proc.
  async waitForWorkers(run: ClusterRun, options: { count: number; without: readonly number[]; after: string; timeoutMs?: number; hint?: string }): Promise<number[] | undefined> {
    if (!run.tree.available) return undefined;
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const stopped = new AbortController();
    void run.program.exited.then(() => stopped.abort());
    const onCancel = () => stopped.abort();
    this.settings.signal?.addEventListener('abort', onCancel, { once: true });
    let alive: number[];
    try {
      alive = await pollUntil(
        () => {
          run.tree.sample();
          const others = run.tree.alive.filter((pid) => !options.without.includes(pid));
          // Too many is final (workers do not vanish by themselves); too few may still be starting.
          return others.length > options.count || (others.length === options.count && others.length === run.tree.alive.length) ? others : undefined;
        },
        { timeoutMs, signal: stopped.signal },
      );
    } catch (error) {
      if (!(error instanceof WaitError) || (error.reason === 'cancelled' && this.settings.signal?.aborted)) throw error;
      if (!run.program.running) this.#failEnded(run, `it had ${workersCount(options.count)} again ${options.after}`, options.hint);
      const alive = run.tree.alive;
      this.fail({
        message: `${capitalize(options.after)}, the primary still had ${workersCount(alive.length)} ${seconds(timeoutMs)} later; expected ${options.count} again.`,
        expected: `${workersCount(options.count)} running`,
        actual: `${workersCount(alive.length)}${alive.length > 0 ? `: pid${alive.length === 1 ? '' : 's'} ${alive.join(', ')}` : ''}`,
        hint: options.hint,
        program: run.program,
      });
    } finally {
      this.settings.signal?.removeEventListener('abort', onCancel);
    }
    if (alive.length > options.count) {
      this.fail({
        message: `${capitalize(options.after)}, the primary had ${workersCount(alive.length)}; expected ${options.count}.`,
        expected: `${workersCount(options.count)} running`,
        actual: `${workersCount(alive.length)}: pids ${alive.join(', ')}`,
        hint: 'Fork exactly one replacement for each worker that exits.',
        program: run.program,
      });
    }
    return alive;
  }

  // Waits until a request sent from `clientPort` has been taken by one of the program's processes and
  // read (the server side of the connection has an empty receive queue): from then on it is in flight.
  // Where there is no /proc to see that, waits IN_FLIGHT_GRACE_MS instead (see there).
  async waitUntilRequestRead(run: ClusterRun, clientPort: number, options: WaitOptions & { what: string }): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const pids = () => [...run.tree.alive, run.program.pid];
    if (requestReader(run.port, clientPort, pids()) === 'unknown') {
      await delay(IN_FLIGHT_GRACE_MS, undefined, { signal: this.settings.signal }).catch(() => {
        throw new WaitError('cancelled', IN_FLIGHT_GRACE_MS);
      });
      return;
    }
    try {
      await pollUntil(() => requestReader(run.port, clientPort, pids()), { timeoutMs, signal: this.settings.signal });
    } catch (error) {
      if (!(error instanceof WaitError) || error.reason === 'cancelled') throw error;
      this.fail({
        message: `No worker read ${options.what} within ${seconds(timeoutMs)}.`,
        expected: `a worker reading ${options.what}`,
        actual: `the request still waiting after ${seconds(timeoutMs)}`,
        hint: options.hint,
        program: run.program,
      });
    }
  }

  // After the primary has exited: checks that none of its processes is left (workers that never exited).
  async expectNothingLeft(run: ClusterRun, options: WaitOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const left = () => liveTree(run.program.pid) ?? (isGroupAlive(run.program.pid) ? [run.program.pid] : []);
    try {
      await pollUntil(() => (left().length === 0 ? true : undefined), { timeoutMs, signal: this.settings.signal });
    } catch (error) {
      if (!(error instanceof WaitError) || error.reason === 'cancelled') throw error;
      const pids = left();
      this.fail({
        message: `The primary exited, but ${pids.length === 1 ? 'a process' : `${pids.length} processes`} it started ${pids.length === 1 ? 'was' : 'were'} still running ${seconds(timeoutMs)} later (pid${pids.length === 1 ? '' : 's'} ${pids.join(', ')}).`,
        expected: 'every worker gone once the primary has exited',
        actual: `still running: ${pids.join(', ')}`,
        hint: options.hint ?? 'The primary should exit only after its workers have: wait for them (their "exit" events) before it ends.',
        program: run.program,
      });
    }
  }

  // Judges one answer while looking for workers; undefined when it is right.
  #judgeAnswer(run: ClusterRun, request: string, entry: WorkerAnswer, status: number, body: string | undefined): FailureDetails | undefined {
    const { answer, pid } = entry;
    const program = run.program;
    if (answer.status !== status) {
      return { message: `${request} answered with status ${answer.status}; expected ${status}.`, expected: `status ${status}`, actual: `status ${answer.status}`, hint: `Answer every request with status ${status}: res.writeHead(${status}, …).`, program };
    }
    if (body !== undefined && answer.body !== body) {
      const missingNewline = answer.body === body.replace(/\n$/, '');
      return {
        message: `${request} answered with the body ${quote(answer.body)}; expected exactly ${quote(body)}.`,
        expected: quote(body),
        actual: quote(answer.body),
        hint: missingNewline ? `The body ends with a newline: res.end(${quote(body)}).` : `Send exactly this body: res.end(${quote(body)}).`,
        program,
      };
    }
    const header = answer.headers['x-worker-pid'];
    if (pid === undefined) {
      return {
        message: header === undefined ? `${request} answered without an x-worker-pid header.` : `${request} answered with x-worker-pid ${quote(String(header))}, which is not a pid.`,
        expected: "an x-worker-pid header with the pid of the worker that answered",
        actual: header === undefined ? 'no x-worker-pid header' : `x-worker-pid: ${String(header)}`,
        hint: "Set the header in the worker, before the body: res.setHeader('x-worker-pid', process.pid).",
        program,
      };
    }
    if (pid === program.pid) {
      return {
        message: `${request} was answered by the primary (x-worker-pid ${pid} is its own pid): the workers must serve, not the primary.`,
        expected: `answers from workers (children of the primary, pid ${program.pid})`,
        actual: `x-worker-pid: ${pid}`,
        hint: 'Create the server and call listen() only in the worker branch: `if (cluster.isPrimary) { fork… } else { …serve… }`.',
        program,
      };
    }
    return undefined;
  }

  #failPortInUse(run: ClusterRun, line: string | undefined): never {
    this.fail({
      message: line
        ? `Port ${run.port} (PORT) was already in use when the program listened on it: ${line.trim()}`
        : `Port ${run.port} (PORT) is already in use by another program, which answers there instead of your workers.`,
      expected: `your workers listening on port ${run.port}`,
      actual: line ? 'EADDRINUSE: port already in use' : 'another program holds the port',
      hint: line
        ? 'Only the workers may call listen(): a primary that listens too takes the port before them. If another program holds the port, stop it and verify again (the workshop picks a new free port each time).'
        : 'Another program took the port the workshop picked for this run. Verify again: each run gets a new free port.',
      program: run.program,
    });
  }

  #failEnded(run: ClusterRun, before: string, hint?: string): never {
    const program = run.program;
    const crash = this.crashOf(program);
    const inUse = findAddressInUse(program.stderr);
    if (inUse) this.#failPortInUse(run, inUse);
    const how = describeExit(program.exitInfo ?? { code: null, signal: null });
    this.fail({
      message: crash ? `The program crashed before ${before}: ${crash}` : `The program ${how} before ${before}; it must keep running until it is signalled.`,
      expected: 'the program running until it is signalled',
      actual: crash ?? how,
      hint: crash ? 'Fix the error shown in stderr below, in your file at the line it names.' : hint ?? 'A listening server keeps a worker alive, and workers keep the primary alive: check that the workers listen and do not exit.',
      program,
    });
  }

  #failRequest(run: ClusterRun, request: string, error: unknown, hint: string | undefined): never {
    if (!(error instanceof HttpFailure)) throw error;
    if (error.reason === 'cancelled' && this.settings.signal?.aborted) throw new WaitError('cancelled', 0);
    const inUse = findAddressInUse(run.program.stderr);
    if (inUse) this.#failPortInUse(run, inUse);
    if (!run.program.running) this.#failEnded(run, `answering ${request}`, hint);
    this.fail({
      message: `${request} got no response: ${error.describe}.`,
      expected: `a response to ${request}`,
      actual: error.describe,
      hint: hint ?? 'Every request must get a complete response: call res.end(…) in the request handler.',
      program: run.program,
    });
  }

}

// "Worker 123 died": a sentence that starts with a capital.
function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// True when a printed pid cannot be one of the primary's workers. While the watcher sampled densely, not
// having seen it is proof; on a machine so busy that samples were far apart, a worker may have come and gone
// unseen, so only a process alive now under another parent is.
function isNotAChild(run: ClusterRun, pid: number): boolean {
  if (run.tree.sawEveryChild) return true;
  const parent = readProcess(pid)?.ppid;
  return parent !== undefined && parent !== run.program.pid;
}
