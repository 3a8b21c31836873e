import { ClusterCheckContext, defineCheck, quote, type ClusterRun, type FailureDetails, type MessageTrace, type TraceEntry, type TracedMessage, type TracedRequest } from '../../src/checks/index.js';

const WORKERS = 2;
const SEQUENTIAL = 6;
const CONCURRENT = 20;

const perWorkerHint =
  'Each worker is its own process with its own memory: a counter in a worker only counts what that worker served. Keep the count in the primary: a worker sends it a message for every GET / (and waits for its reply before answering), and asks it for the total on GET /count.';
const countFirstHint =
  "Some GET / were answered before they were counted: a /count sent right after a response must include it. In the worker, send the primary the message for a GET / and wait for its reply before you answer the request (not after res.end()).";

// How many GET / each worker has answered so far (from x-worker-pid), to tell a per-worker count from a late one.
type Served = Map<string, number>;
const recordServed = (served: Served, pid: unknown) => {
  if (typeof pid === 'string') served.set(pid, (served.get(pid) ?? 0) + 1);
};

// What each worker did for each request it took, in its own order (a preload the check adds records its
// requests, answers and messages): the verdicts and hints that follow from it do not depend on timing.
// A worker's records from taking request `id` to answering it (undefined when it has not answered it yet).
function handling(entries: readonly TraceEntry[], answer: TracedRequest): { request: TracedRequest; between: TraceEntry[] } | undefined {
  const own = entries.filter((entry) => entry.pid === answer.pid);
  const start = own.findIndex((entry) => entry.what === 'request' && entry.id === answer.id);
  const end = own.indexOf(answer);
  if (start < 0 || end < start) return undefined;
  return { request: own[start] as TracedRequest, between: own.slice(start + 1, end) };
}

// The first request to `path` a worker answered without sending its primary any message in between.
function answeredWithoutMessage(entries: readonly TraceEntry[], path: string): { pid: number; id: number } | undefined {
  for (const entry of entries) {
    if (entry.what !== 'answered') continue;
    const handled = handling(entries, entry);
    if (!handled || handled.request.method !== 'GET' || handled.request.url !== path) continue;
    if (!handled.between.some((record) => record.what === 'sent')) return { pid: entry.pid, id: entry.id };
  }
  return undefined;
}

// The trace as a learner reads it: what worker `pid` did from taking request `id` on ("took GET /, answered it, sent \"hit\"").
function describeHandling(entries: readonly TraceEntry[], pid: number, id: number): string {
  const own = entries.filter((entry) => entry.pid === pid);
  const start = own.findIndex((entry) => entry.what === 'request' && entry.id === id);
  const done = own.findIndex((entry) => entry.what === 'answered' && entry.id === id);
  const after = own.slice(done + 1).findIndex((entry) => entry.what === 'request');
  const records = own.slice(start, after < 0 ? undefined : done + 1 + after);
  return records
    .filter((entry) => entry.what === 'sent' || entry.what === 'received' || ('id' in entry && entry.id === id))
    .map((entry) => (entry.what === 'request' ? `took ${entry.method} ${entry.url}` : entry.what === 'answered' ? 'answered it' : `${entry.what} ${JSON.stringify((entry as TracedMessage).message)}`))
    .join(', ');
}

// A GET / answered before the worker told the primary about it: counted, if at all, after its answer.
function answeredFirstFailure(entries: readonly TraceEntry[], found: { pid: number; id: number }, run: ClusterRun): FailureDetails {
  return {
    message: `Worker ${found.pid} answered a GET / before it sent the primary any message for it: the request is counted, if at all, only after its answer, and a GET /count sent right after it can miss it.`,
    expected: 'for each GET /, a message to the primary (and its reply) before the answer',
    actual: `worker ${found.pid}: ${describeHandling(entries, found.pid, found.id)}`,
    hint: countFirstHint,
    program: run.program,
  };
}

// Fails when a worker answered a GET / before it sent the primary a message for it (seen in the trace).
function expectCountedFirst(t: ClusterCheckContext, run: ClusterRun, trace: MessageTrace): void {
  const entries = trace.readAll();
  const found = answeredWithoutMessage(entries, '/');
  if (found) t.fail(answeredFirstFailure(entries, found, run));
}

// GET /count, twice (each on a new connection, so both workers are asked), and both must say `expected`.
async function expectCount(t: ClusterCheckContext, run: ClusterRun, served: Served, expected: number, after: string, trace: MessageTrace): Promise<void> {
  for (let ask = 0; ask < run.workers; ask++) {
    const answer = await t.get(run, '/count');
    t.expectAnswer(answer, { body: { pattern: /^\s*\d+\s*$/, described: 'a plain number' } }, { hint: 'Answer GET /count with the number alone: res.end(`${count}\\n`).' });
    const count = Number(answer.body);
    if (count !== expected) {
      const pid = answer.headers['x-worker-pid'];
      t.fail({
        message: `After ${after}, GET /count${pid ? ` (answered by worker ${String(pid)})` : ''} said ${count}; expected ${expected}, every GET / answered so far by all workers together.`,
        expected: String(expected),
        actual: String(count),
        hint: count > expected ? 'Count GET / only (not /count itself, nor other paths), once per request.' : await whyTooLow(t, run, served, expected, trace),
        program: run.program,
      });
    }
  }
}

// A count too low: workers that each count only their own requests, or requests counted after their answer.
// The trace tells: a worker that answers GET /count without a message to the primary keeps the count itself;
// one that answers GET / before its message counts late. Without a trace (execArgv replaced, say), asked again
// on fresh connections (every worker in turn), a per-worker counter gives each worker its own total (what it
// served), while a count that lags catches up, the same for every worker.
async function whyTooLow(t: ClusterCheckContext, run: ClusterRun, served: Served, expected: number, trace: MessageTrace): Promise<string> {
  const entries = trace.readAll();
  if (answeredWithoutMessage(entries, '/count')) return perWorkerHint;
  if (answeredWithoutMessage(entries, '/')) return countFirstHint;
  const seen = new Map<string, number>();
  for (let ask = 0; ask < 2 * run.workers; ask++) {
    const again = await t.request(run, '/count');
    if (again.outcome !== 'answered') break;
    const pid = again.answer.headers['x-worker-pid'];
    const count = Number(again.answer.body.trim());
    if (count === expected) return countFirstHint;
    if (typeof pid === 'string') seen.set(pid, count);
  }
  const perWorker = seen.size >= 2 && [...seen].every(([pid, count]) => served.get(pid) === count);
  return perWorker ? perWorkerHint : countFirstHint;
}

// Sends GET / and checks the answer; counts as one answered request.
async function hello(t: ClusterCheckContext, run: ClusterRun, served: Served): Promise<void> {
  const answer = await t.get(run, '/');
  recordServed(served, answer.headers['x-worker-pid']);
  t.expectAnswer(answer, { body: 'hello world\n' }, { hint: 'GET / still answers as in lesson 8, while it is counted.' });
}

export default defineCheck(ClusterCheckContext, async (t: ClusterCheckContext) => {
  const served: Served = new Map();
  // What each worker takes, answers, sends and receives, in its own order, seen by a preload the workers inherit.
  const trace = t.traceMessages({ requests: true });
  const traced = { nodeArgs: trace.nodeArgs, env: trace.env };
  const run = await t.step(`starts with WORKERS=${WORKERS} and listens on PORT`, async () => {
    const run = await t.startCluster({ workers: WORKERS, ...traced });
    await t.waitForPort(run);
    return run;
  });

  let total = await t.step('both workers answer GET / with "hello world\\n" and their pid in x-worker-pid', async () => {
    const { pids, answers } = await t.collectWorkers(run, { body: 'hello world\n' });
    t.expectWorkersOf(run, pids, { count: WORKERS, counting: 'alive' });
    for (const { answer } of answers) recordServed(served, answer.headers['x-worker-pid']);
    return answers.length;
  });

  await t.step('GET /count answers the number of GET / answered so far, by both workers together', async () => {
    await expectCount(t, run, served, total, `${total} GET / answered by both workers`, trace);
    expectCountedFirst(t, run, trace);
  });

  await t.step(`${SEQUENTIAL} more GET /, one after the other: GET /count follows each one`, async () => {
    for (let request = 1; request <= SEQUENTIAL; request++) {
      await hello(t, run, served);
      total += 1;
      await expectCount(t, run, served, total, `GET / number ${total} (sequential)`, trace);
      expectCountedFirst(t, run, trace);
    }
  });

  await t.step(`${CONCURRENT} GET / at once: GET /count then says exactly ${CONCURRENT} more`, async () => {
    await Promise.all(Array.from({ length: CONCURRENT }, () => hello(t, run, served)));
    total += CONCURRENT;
    await expectCount(t, run, served, total, `${CONCURRENT} concurrent GET / (${total} in all)`, trace);
    expectCountedFirst(t, run, trace);
  });

  // The defaults, as a learner runs it: no WORKERS, no PORT. The first run is done: it makes room.
  await run.program.stop();
  const defaults = await t.claimDefaults();
  await t.step(`${defaults.label}: every worker answers GET /, and GET /count gives their total`, async () => {
    const unset = await t.startWithDefaults(defaults, traced);
    const { answers } = unset;
    const servedHere: Served = new Map();
    for (const { answer } of answers) recordServed(servedHere, answer.headers['x-worker-pid']);
    await expectCount(t, unset, servedHere, answers.length, `${answers.length} GET / answered by all workers`, trace);
  });
});
