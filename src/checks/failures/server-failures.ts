import { findAddressInUse } from '../../engine/http/address-in-use.js';
import { DEFAULTS_HINT, type ClusterRun } from '../cluster-run.js';
import { describePort } from '../server-run.js';
import { quote } from '../excerpt.js';
import { endedEarlyFailure, timedOut, type TimedOut } from './program-failures.js';
import type { FailureDetails, ProgramView } from '../step-failure.js';
import { seconds } from '../timeouts.js';

// What a failed step of a lesson whose program serves HTTP says, as pure functions of what was seen (the
// run, its stderr, the socket table): each returns the failure record the step fails with. A cluster run
// (one with workers) is worded for its workers, a one-process server for the program itself.

/** What the wording reads of a server run: its port and program, and a cluster's WORKERS setting. */
export type ServerRunView = { port: number; portUnset?: boolean; program: ProgramView } & Partial<Pick<ClusterRun, 'workersEnv' | 'workers'>>;

// Who listens and serves, in the wording of each failure.
interface Servers {
  /** "Your workers listen", "Your program listens". */
  listen: string;
  /** "workers listening on port 4000", "your program listening on port 4000". */
  listening: string;
  /** "instead of your workers". */
  them: string;
}

const WORKERS: Servers = { listen: 'Your workers listen', listening: 'workers listening', them: 'your workers' };
const PROGRAM: Servers = { listen: 'Your program listens', listening: 'your program listening', them: 'your program' };

function serversOf(run: ServerRunView): Servers {
  return isCluster(run) ? WORKERS : PROGRAM;
}

function isCluster(run: ServerRunView): boolean {
  return run.workers !== undefined;
}

/** The port was taken: by the program itself (its EADDRINUSE `line`, e.g. the primary listens too) or by another program. */
export function portInUseFailure(run: ServerRunView, line: string | undefined): FailureDetails {
  const servers = serversOf(run);
  const listenOnce = isCluster(run)
    ? 'Only the workers may call listen(): a primary that listens too takes the port before them.'
    : 'Call listen() once: a second server on the same port fails with EADDRINUSE.';
  return {
    message: line
      ? `Port ${run.port} (PORT) was already in use when the program listened on it: ${line.trim()}`
      : `Port ${run.port} (PORT) is already in use by another program, which answers there instead of ${servers.them}.`,
    expected: `${servers.them} listening on port ${run.port}`,
    actual: line ? 'EADDRINUSE: port already in use' : 'another program holds the port',
    hint: line
      ? `${listenOnce} If another program holds the port, stop it and verify again (the workshop picks a new free port each time).`
      : 'Another program took the port the workshop picked for this run. Verify again: each run gets a new free port.',
    program: run.program,
  };
}

/** The port-in-use failure when the program's stderr says EADDRINUSE; undefined otherwise. */
export function addressInUseFailure(run: ServerRunView): FailureDetails | undefined {
  const line = findAddressInUse(run.program.stderr);
  return line === undefined ? undefined : portInUseFailure(run, line);
}

/** A server program ended before `before` ("listening on port 1234"): it found its port taken, crashed, or just exited. */
export function serverEndedFailure(run: ServerRunView, before: string, hint?: string): FailureDetails {
  const keepsAlive = isCluster(run)
    ? 'A listening server keeps a worker alive, and workers keep the primary alive: check that the workers listen and do not exit.'
    : 'A listening server keeps the program alive: check that it listens and that nothing calls process.exit().';
  return (
    addressInUseFailure(run) ??
    endedEarlyFailure(run.program, before, {
      until: 'it is signalled',
      expected: 'the program running until it is signalled',
      hint: hint ?? keepsAlive,
    })
  );
}

/** Nothing listened on the run's port within `timeoutMs` while the program kept running. */
export function notListeningFailure(run: ServerRunView, waited: TimedOut, hint?: string): FailureDetails {
  const { within, running } = timedOut(waited);
  const listen = isCluster(run)
    ? run.portUnset || run.workersEnv === undefined
      ? DEFAULTS_HINT
      : 'In each worker, create an HTTP server and call server.listen(process.env.PORT).'
    : run.portUnset
      ? 'Give PORT its default: server.listen(Number(process.env.PORT) || 8000).'
      : 'Create an HTTP server and call server.listen(process.env.PORT).';
  return {
    message: `Nothing listened on ${describePort(run)}${within}; ${running}.`,
    expected: `${serversOf(run).listening} on port ${run.port}`,
    actual: `no connection accepted${within}`,
    hint: hint ?? listen,
    program: run.program,
  };
}

/** The program's processes listen on other `ports` (from the socket table), never on the run's port. */
export function listeningElsewhereFailure(run: ServerRunView, ports: readonly number[]): FailureDetails {
  const listed = ports.join(', ');
  const servers = serversOf(run);
  if (run.portUnset) {
    return {
      message: `${servers.listen} on ${listed}; PORT was unset, so ${isCluster(run) ? 'they' : 'it'} should use the default, 8000.`,
      expected: `${servers.listening} on port ${run.port} (PORT unset: the default)`,
      actual: `listening on ${listed}`,
      hint: 'Give PORT its default: server.listen(Number(process.env.PORT) || 8000). listen(undefined) picks a random free port.',
      program: run.program,
    };
  }
  return {
    message: `${servers.listen} on ${listed}; the check set PORT=${run.port}.`,
    expected: `${servers.listening} on port ${run.port} (PORT)`,
    actual: `listening on ${listed}`,
    hint: `Listen on the port the environment gives: server.listen(process.env.PORT). The workshop picks a free port for every run, so a fixed port${ports.includes(8000) ? ' such as 8000' : ''} only works by chance.`,
    program: run.program,
  };
}

/** The program listens on the run's port, but only at `addresses` (from the socket table) that 127.0.0.1 does not reach: ::1, say. */
export function listeningUnreachableFailure(run: ServerRunView, addresses: readonly string[]): FailureDetails {
  const listed = addresses.join(', ');
  const servers = serversOf(run);
  return {
    message: `${servers.listen} on ${describePort(run)} at ${listed} only: a connection to 127.0.0.1 is refused there.`,
    expected: `${servers.listening} on port ${run.port} at every address (or 127.0.0.1)`,
    actual: `listening at ${listed} only`,
    hint: `Leave out the host: server.listen(port) listens on every address, IPv4 and IPv6. ${addresses.includes('::1') ? "'::1' is IPv6's loopback only: curl localhost may reach it (localhost can resolve to ::1), but clients that connect to 127.0.0.1, load balancers and health checks among them, cannot." : 'A specific address is reachable only by clients that connect to that address.'}`,
    program: run.program,
  };
}

/** `request` ("GET /") got no complete response (`why`, as the HTTP client says it): a taken port, an ended program, or a handler that never answers. */
export function requestFailure(run: ServerRunView, request: string, why: string, hint?: string): FailureDetails {
  const inUse = addressInUseFailure(run);
  if (inUse) return inUse;
  if (run.program.exitInfo) return serverEndedFailure(run, `answering ${request}`, hint);
  return {
    message: `${request} got no response: ${why}.`,
    expected: `a response to ${request}`,
    actual: why,
    hint: hint ?? 'Every request must get a complete response: call res.end(…) in the request handler.',
    program: run.program,
  };
}

/** No process of the program read the request `what` ("GET /slow?ms=600") within `timeoutMs`. */
export function requestNotReadFailure(run: ServerRunView, what: string, timeoutMs: number, hint?: string): FailureDetails {
  return {
    message: `${isCluster(run) ? 'No worker' : 'Your program'} ${isCluster(run) ? 'read' : 'did not read'} ${what} within ${seconds(timeoutMs)}.`,
    expected: `${isCluster(run) ? 'a worker' : 'your program'} reading ${what}`,
    actual: `the request still waiting after ${seconds(timeoutMs)}`,
    hint,
    program: run.program,
  };
}

/**
 * What is wrong with an answer, judged against what a step expects of it (status, exact body or a pattern
 * the body must match, headers); undefined when it is right. `request` names it ("GET /fib?n=10").
 */
export function answerFailure(run: ServerRunView, request: string, answer: { status: number; body: string; headers: Record<string, unknown> }, expected: AnswerExpectation, hint?: string): FailureDetails | undefined {
  const wantStatus = expected.status ?? 200;
  const bodyRight = expected.body === undefined || (typeof expected.body === 'string' ? answer.body === expected.body : expected.body.pattern.test(answer.body));
  if (answer.status !== wantStatus || !bodyRight) {
    const wantBody = expected.body === undefined ? undefined : typeof expected.body === 'string' ? quote(expected.body) : expected.body.described;
    return {
      message: `${request} answered with status ${answer.status} and the body ${quote(answer.body)}; expected status ${wantStatus}${wantBody === undefined ? '' : ` and ${wantBody}`}.`,
      expected: `status ${wantStatus}${wantBody === undefined ? '' : typeof expected.body === 'string' ? `, body ${wantBody}` : ` and ${wantBody}`}`,
      actual: `status ${answer.status}, body ${quote(answer.body)}`,
      hint,
      program: run.program,
    };
  }
  for (const [name, want] of Object.entries(expected.headers ?? {})) {
    const got = answer.headers[name.toLowerCase()];
    const shown = got === undefined ? undefined : String(got);
    if (shown !== undefined && (typeof want === 'string' ? shown === want : want.test(shown))) continue;
    const wanted = typeof want === 'string' ? `${name}: ${want}` : `a ${name} header matching ${String(want)}`;
    return {
      message: shown === undefined ? `${request} answered without a ${name} header; expected ${wanted}.` : `${request} answered with ${name}: ${quote(shown)}; expected ${wanted}.`,
      expected: wanted,
      actual: shown === undefined ? `no ${name} header` : `${name}: ${shown}`,
      hint,
      program: run.program,
    };
  }
  return undefined;
}

/** What a step expects of an answer: a status (default 200), an exact body or a pattern with its description, headers. */
export interface AnswerExpectation {
  status?: number;
  /** The exact body, or a pattern the whole body must match and how a learner reads it ("a plain number"). */
  body?: string | { pattern: RegExp; described: string };
  /** Header values (exact, or a pattern), by header name. */
  headers?: Record<string, string | RegExp>;
}
