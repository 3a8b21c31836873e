import { setTimeout as delay } from 'node:timers/promises';
import { onAddressInUse } from '../engine/http/address-in-use.js';
import { requestReader } from '../engine/http/connection-holder.js';
import { claimDefaultPort, DEFAULT_PORT } from '../engine/http/default-port.js';
import { freePort } from '../engine/http/free-port.js';
import { httpGet, HttpFailure, type HttpAnswer } from '../engine/http/http-get.js';
import { pollUntil } from '../engine/waits/poll-until.js';
import { waitUntilRefused } from '../engine/http/port-refuses.js';
import { readThreadIds } from '../engine/proc/process-table.js';
import { WaitError } from '../engine/waits/wait-errors.js';
import { ListeningElsewhereError, ListeningUnreachableError, PortInUseError, waitForPort } from '../engine/http/wait-for-port.js';
import { CheckContext, type RunOptions, type WaitOptions } from './check-context.js';
import {
  answerFailure,
  listeningElsewhereFailure,
  listeningUnreachableFailure,
  notListeningFailure,
  portInUseFailure,
  requestFailure,
  requestNotReadFailure,
  serverEndedFailure,
  type AnswerExpectation,
} from './failures/server-failures.js';
import { SignalLink } from './link-signals.js';
import type { ServerRun } from './server-run.js';
import { CheckCancelled, type FailureDetails } from './step-failure.js';
import { seconds, timeouts } from './timeouts.js';
import { monotonicMs } from '../engine/waits/clock.js';

export type { AnswerExpectation } from './failures/server-failures.js';

/** A complete answer to a request of the check: what came back, and which request of which run it answers. */
export interface ServerAnswer extends HttpAnswer {
  /** The request as a learner reads it: "GET /fib?n=10". */
  request: string;
  run: ServerRun;
}

/** How a request ended: a complete answer, or the failure a step would fail with (a check may word it its own way). */
export type RequestOutcome = { outcome: 'answered'; answer: ServerAnswer } | { outcome: 'failed'; failure: FailureDetails };

/** A request the program has read and not answered yet: when it was sent, and how it will end (and when). */
export interface InFlight {
  /** "GET /fib?n=40". */
  request: string;
  /** When it was sent (monotonicMs()). */
  sentAt: number;
  /** How it ended, and when (monotonicMs()): wrapped, so awaiting the InFlight does not wait for it. */
  answered: Promise<RequestOutcome & { endedAt: number }>;
}

/** What a step expects of a request it keeps in flight, should the program answer it at once. */
export interface TooQuick {
  /** What the check was about to do: "the check could send the signal". */
  before?: string;
  /** What the answer should have been: "\"done\\n\" after the milliseconds asked for". */
  expected?: string;
  hint?: string;
}

/** The threads a watch saw in a process: every thread id, and the most at once. */
export interface ThreadsSeen {
  /** Every thread id seen, from the watch's start to now. */
  readonly ids: ReadonlySet<number>;
  /** The most threads seen at one look. */
  readonly most: number;
  /** Stops the watch (it also stops when the check ends). */
  stop(): void;
}

/** How often a thread watch looks at /proc/<pid>/task: a thread that lives for a computation is seen. */
const THREAD_LOOK_MS = 10;

/**
 * Where the platform has no /proc, the check cannot see that the program has read a request; it waits this
 * long after sending it instead. The only fixed wait of the checks: lesson-12's contract is about time
 * (a request in flight when the signal arrives), and this is how "in flight" is reached without /proc.
 */
export const IN_FLIGHT_GRACE_MS = 250;

/**
 * How long a run with PORT unset waits for port 8000 while other verifications on this machine use it: runs
 * with the default take turns, and each holds it for a few seconds. Past this, PORT unset is not checked.
 */
const DEFAULT_PORT_WAIT_MS = 60_000;

/**
 * The check API of the lessons whose program serves HTTP, on top of CheckContext: a free port per run, the
 * default port taken in turn, requests on fresh connections, answers judged, requests kept in flight. The
 * cluster lessons' context builds on it. What the learner is told lives in failures/server-failures.ts.
 */
export class ServerCheckContext extends CheckContext {
  /** Starts a server program on a free port (PORT), or with PORT unset (`portUnset`, see claimDefaults). Does not wait: see waitForPort. */
  async startServer(options: RunOptions & { portUnset?: boolean } = {}): Promise<ServerRun> {
    const { portUnset = false, ...runOptions } = options;
    const port = portUnset ? DEFAULT_PORT : await freePort();
    const env = { ...runOptions.env, ...(portUnset ? {} : { PORT: String(port) }) };
    const program = this.start({ ...runOptions, env });
    return { program, port, portUnset };
  }

  /**
   * Before a run with the lessons' defaults: claims port 8000 so that PORT can be left unset (every
   * verification on this machine takes its turn; inside grade's sandbox the port is always free). Resolves
   * with `portUnset` for the run and the step's label. Where port 8000 is taken, it records that PORT unset
   * was not checked and why, and the run gets a free port as usual. The claim ends with the check.
   */
  async claimDefaults(): Promise<{ portUnset: boolean; label: string }> {
    const claim = await claimDefaultPort({ waitMs: DEFAULT_PORT_WAIT_MS, signal: this.settings.signal });
    this.endIfCancelled();
    if ('busy' in claim) {
      this.note(`PORT unset (the default, port ${DEFAULT_PORT}) was not checked: ${claim.busy}`);
      return { portUnset: false, label: this.defaultsLabel(false) };
    }
    this.cleanups.push(claim.release);
    return { portUnset: true, label: this.defaultsLabel(true) };
  }

  /** The label of a run with the defaults, for claimDefaults: "PORT unset (port 8000)". */
  protected defaultsLabel(portUnset: boolean): string {
    return portUnset ? `PORT unset (port ${DEFAULT_PORT})` : 'PORT set (port 8000 is taken here)';
  }

  /**
   * Waits until the run's port accepts connections held by the program, at most `timeoutMs` (default
   * timeouts.startMs). Fails on EADDRINUSE, when the program exits (or, in a cluster, a worker crashes),
   * when its processes listen only on other ports (from the socket table), or at the deadline.
   */
  async waitForPort(run: ServerRun, options: WaitOptions & { asleepWithinMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.startMs;
    try {
      // Asleep with nothing due within reactMs, it is not starting slowly (see the engine's waitForPort).
      await waitForPort(run.port, run.program, { timeoutMs, signal: this.settings.signal, asleepWithinMs: options.asleepWithinMs ?? timeouts.reactMs });
    } catch (error) {
      this.endIfCancelled();
      if (error instanceof PortInUseError) this.fail(portInUseFailure(run, error.line));
      if (error instanceof ListeningElsewhereError) this.fail(listeningElsewhereFailure(run, error.ports));
      if (error instanceof ListeningUnreachableError) this.fail(listeningUnreachableFailure(run, error.addresses));
      if (!(error instanceof WaitError)) throw error;
      if (error.reason === 'exited') this.fail(serverEndedFailure(run, `listening on port ${run.port}`, options.hint));
      this.whileNotListening(run);
      this.fail(notListeningFailure(run, { outcome: 'timeout', timeoutMs, asleep: error.asleep }, options.hint));
    }
  }

  /** What else fails a run that did not listen in time, before "nothing listened" does (a cluster: a worker's crash). */
  protected whileNotListening(_run: ServerRun): void {}

  /**
   * Sends GET <path> on a fresh connection and waits for the whole response, at most `timeoutMs` (default
   * timeouts.reactMs), or until the program says its port is taken. Never fails the step: resolves with the
   * answer, or with the failure `get` would fail with. `onSent` gets the client's port once the request is out.
   */
  async request(run: ServerRun, path: string, options: WaitOptions & { onSent?: (localPort: number) => void } = {}): Promise<RequestOutcome> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const request = `GET ${path}`;
    const link = this.link(run, { exit: false });
    try {
      const answer = await httpGet(run.port, path, { timeoutMs, signal: link.signal, onSent: options.onSent });
      return { outcome: 'answered', answer: { ...answer, request, run } };
    } catch (error) {
      return { outcome: 'failed', failure: this.requestFailureOf(run, request, error, options.hint) };
    } finally {
      link.dispose();
    }
  }

  /** Sends GET <path> as `request` does; fails when no complete response comes (the port taken, the program ended, a timeout). */
  async get(run: ServerRun, path: string, options: WaitOptions & { onSent?: (localPort: number) => void } = {}): Promise<ServerAnswer> {
    const sent = await this.request(run, path, options);
    if (sent.outcome === 'failed') this.fail(sent.failure);
    return sent.answer;
  }

  /**
   * Judges an answer: its status (default 200), its body (exact, or a pattern with what it means:
   * `{ pattern: /^\d+\n?$/, described: 'a plain number' }`) and headers. Fails with what came and what was
   * expected, and `hint`; `request` renames the request in the message ("GET /slow?ms=3000 (in flight when
   * SIGTERM arrived)").
   */
  expectAnswer(answer: ServerAnswer, expected: AnswerExpectation, options: { hint?: string; request?: string } = {}): void {
    const failure = answerFailure(answer.run, options.request ?? answer.request, answer, expected, options.hint);
    if (failure) this.fail(failure);
  }

  /**
   * Sends GET <path> and resolves once the program has read it (it is in flight): where there is no /proc
   * to see that, after IN_FLIGHT_GRACE_MS. `timeoutMs` bounds the whole request (default timeouts.reactMs).
   * Fails when the request fails before that, or when it is answered before the check could go on (the
   * answer should take a while: `tooQuick` says why, as the lesson words it).
   */
  async inFlight(run: ServerRun, path: string, options: { timeoutMs?: number; tooQuick?: TooQuick } = {}): Promise<InFlight> {
    const request = `GET ${path}`;
    let clientPort = 0;
    let onSent = () => {};
    const sent = new Promise<void>((resolve) => (onSent = resolve));
    const sentAt = monotonicMs();
    const answered = this.request(run, path, {
      timeoutMs: options.timeoutMs,
      onSent: (port) => {
        clientPort = port;
        onSent();
      },
    }).then((outcome) => ({ ...outcome, endedAt: monotonicMs() }));
    // A request that fails before it is sent ends the wait for "sent" too.
    answered.then(onSent, onSent);
    await sent;
    const early = await Promise.race([answered, this.waitUntilRequestRead(run, clientPort, { what: request })]);
    if (early?.outcome === 'failed') this.fail(early.failure);
    // Answered before the check could go on: not slow, so nothing was in flight to try.
    if (early?.outcome === 'answered') {
      const { before = 'the check could go on', expected = 'an answer that takes a while', hint } = options.tooQuick ?? {};
      this.fail({
        message: `${request} answered after ${early.answer.durationMs} ms, before ${before}; it should take its full time.`,
        expected,
        actual: `answered after ${early.answer.durationMs} ms`,
        hint,
        program: run.program,
      });
    }
    return { request, sentAt, answered };
  }

  /**
   * "B answers while A is in flight": sends GET <slow>, waits until the program has read it, then sends
   * GET <quick> and expects its answer before A's, judged by order, not by clock. Fails when A is answered
   * (or fails) first, or when B gets no answer. Resolves with A, still in flight or just answered, and B's
   * answer, for the step to judge both. `timeoutMs` bounds each request (default timeouts.reactMs).
   */
  async expectAnswerWhileInFlight(
    run: ServerRun,
    paths: { slow: string; quick: string },
    options: { timeoutMs?: number; tooQuick?: TooQuick; hint?: string } = {},
  ): Promise<{ slow: InFlight; quick: ServerAnswer }> {
    const slow = await this.inFlight(run, paths.slow, options);
    const quick = this.request(run, paths.quick, { timeoutMs: options.timeoutMs });
    const first = await Promise.race([quick.then(() => 'quick' as const), slow.answered.then(() => 'slow' as const)]);
    const quickOutcome = await quick;
    if (first === 'slow') {
      const ended = await slow.answered;
      if (ended.outcome === 'failed') this.fail(ended.failure);
      const after = `${seconds(Math.round(ended.endedAt - slow.sentAt))} after it was sent`;
      this.fail({
        message: `GET ${paths.quick} was answered only after ${slow.request} (${after}): while ${slow.request} was in flight, the program answered nothing else.`,
        expected: `GET ${paths.quick} answered while ${slow.request} is in flight`,
        actual: quickOutcome.outcome === 'answered' ? `GET ${paths.quick} answered after ${slow.request}` : `GET ${paths.quick}: ${quickOutcome.failure.actual ?? quickOutcome.failure.message}`,
        hint: options.hint,
        program: run.program,
      });
    }
    if (quickOutcome.outcome === 'failed') this.fail(quickOutcome.failure);
    return { slow, quick: quickOutcome.answer };
  }

  /**
   * Waits until a request sent from `clientPort` has been taken by one of the program's processes and read
   * (the server side of the connection has an empty receive queue): from then on it is in flight. Fails
   * when it was not read within `timeoutMs` (default timeouts.reactMs). Where there is no /proc to see
   * that, waits IN_FLIGHT_GRACE_MS instead (see there).
   */
  async waitUntilRequestRead(run: ServerRun, clientPort: number, options: WaitOptions & { what: string }): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const pids = () => [...this.serverProcesses(run), run.program.pid];
    if (requestReader(run.port, clientPort, pids()) === 'unknown') {
      await delay(IN_FLIGHT_GRACE_MS, undefined, { signal: this.settings.signal }).catch(() => this.endIfCancelled());
      return;
    }
    try {
      await pollUntil(() => requestReader(run.port, clientPort, pids()), { timeoutMs, signal: this.settings.signal });
    } catch (error) {
      this.endIfCancelled();
      if (!(error instanceof WaitError)) throw error;
      this.fail(requestNotReadFailure(run, options.what, timeoutMs, options.hint));
    }
  }

  /** The processes besides the program's own that may serve its requests (a cluster's live workers). */
  protected serverProcesses(_run: ServerRun): readonly number[] {
    return [];
  }

  /**
   * After the signal that stops the program: waits until its port refuses new connections (its servers
   * closed), at most `timeoutMs` (default timeouts.reactMs); fails when connections are still accepted
   * then, `after` saying since when ("after SIGTERM").
   */
  async expectStopsAccepting(run: ServerRun, options: WaitOptions & { after: string }): Promise<void> {
    const timeoutMs = options.timeoutMs ?? timeouts.reactMs;
    const closed = await waitUntilRefused(run.port, { timeoutMs, signal: this.settings.signal });
    this.endIfCancelled();
    if (closed) return;
    const cluster = 'workers' in run;
    this.fail({
      message: `Port ${run.port} still accepted new connections ${seconds(timeoutMs)} ${options.after}: ${cluster ? 'the workers go' : 'the program goes'} on listening.`,
      expected: `no new connection accepted ${options.after} (${cluster ? "the workers' servers" : 'the server'} closed)`,
      actual: `connections still accepted ${seconds(timeoutMs)} later`,
      hint:
        options.hint ??
        (cluster
          ? "Stop taking connections at once: worker.disconnect() in the primary (or server.close() in each worker) closes the server while the requests in flight go on."
          : 'Stop taking connections at once: server.close() closes the server while the requests in flight go on.'),
      program: run.program,
    });
  }

  /**
   * Watches the threads of the program's process (worker threads among them) from now on: every thread id
   * it has had, and the most at once, looked at every few milliseconds and when asked. Undefined where there
   * is no /proc: the check then notes what it could not see.
   */
  watchThreads(run: ServerRun): (ThreadsSeen & { look(): void }) | undefined {
    if (!this.seesProcesses) return undefined;
    const ids = new Set<number>();
    let most = 0;
    const look = () => {
      const now = readThreadIds(run.program.pid)?.map(Number);
      if (!now) return;
      for (const id of now) ids.add(id);
      most = Math.max(most, now.length);
    };
    look();
    const timer = setInterval(look, THREAD_LOOK_MS);
    timer.unref();
    const stop = () => clearInterval(timer);
    this.cleanups.push(async () => stop());
    return {
      ids,
      get most() {
        return most;
      },
      look,
      stop,
    };
  }

  /** Fails when a server program has ended before `before` ("printing \"12 died\""): it must run until it is signalled. */
  expectRunning(run: ServerRun, before: string, hint?: string): void {
    if (!run.program.running) this.fail(serverEndedFailure(run, before, hint));
  }

  /**
   * The signal a wait on this run listens to: the run cancelled, and (as asked) the program's exit and an
   * EADDRINUSE line on its stderr.
   */
  protected link(run: ServerRun, ends: { exit: boolean; inUse?: boolean }): SignalLink {
    const link = new SignalLink(this.settings.signal);
    if (ends.exit) link.followSettled(run.program.exited);
    if (ends.inUse ?? true) link.followEvent((fire) => onAddressInUse(run.program.stderr, fire));
    return link;
  }

  /** What a request that threw means to the learner; a cancelled run ends the check, anything else is a bug. */
  protected requestFailureOf(run: ServerRun, request: string, error: unknown, hint: string | undefined): FailureDetails {
    this.endIfCancelled();
    if (!(error instanceof HttpFailure)) throw error;
    return requestFailure(run, request, error.describe, hint);
  }

  /** Ends the check when its run was cancelled. */
  protected endIfCancelled(): void {
    if (this.cancelled) throw new CheckCancelled();
  }
}
