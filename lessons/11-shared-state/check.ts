import { ClusterCheckContext, type ClusterRun, defineCheck } from '../../src/checks/index.js';

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

// GET /count, twice (each on a new connection, so both workers are asked), and both must say `expected`.
async function expectCount(t: ClusterCheckContext, run: ClusterRun, served: Served, expected: number, after: string): Promise<void> {
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
        hint: count > expected ? 'Count GET / only (not /count itself, nor other paths), once per request.' : await whyTooLow(t, run, served, expected),
        program: run.program,
      });
    }
  }
}

// A count too low: workers that each count only their own requests, or requests counted after their answer.
// Asked again on fresh connections (every worker in turn), a per-worker counter gives each worker its own total
// (what it served), while a count that lags catches up, the same for every worker.
async function whyTooLow(t: ClusterCheckContext, run: ClusterRun, served: Served, expected: number): Promise<string> {
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
  const run = await t.step(`starts with WORKERS=${WORKERS} and listens on PORT`, async () => {
    const run = await t.startCluster({ workers: WORKERS });
    await t.waitForPort(run);
    return run;
  });

  let total = await t.step('both workers answer GET / with "hello world\\n" and their pid in x-worker-pid', async () => {
    const { pids, answers } = await t.collectWorkers(run, { body: 'hello world\n' });
    t.expectWorkersOf(run, pids, { count: WORKERS, counting: 'alive' });
    for (const { answer } of answers) recordServed(served, answer.headers['x-worker-pid']);
    return answers.length;
  });

  await t.step('GET /count answers the number of GET / answered so far, by both workers together', () => expectCount(t, run, served, total, `${total} GET / answered by both workers`));

  await t.step(`${SEQUENTIAL} more GET /, one after the other: GET /count follows each one`, async () => {
    for (let request = 1; request <= SEQUENTIAL; request++) {
      await hello(t, run, served);
      total += 1;
      await expectCount(t, run, served, total, `GET / number ${total} (sequential)`);
    }
  });

  await t.step(`${CONCURRENT} GET / at once: GET /count then says exactly ${CONCURRENT} more`, async () => {
    await Promise.all(Array.from({ length: CONCURRENT }, () => hello(t, run, served)));
    total += CONCURRENT;
    await expectCount(t, run, served, total, `${CONCURRENT} concurrent GET / (${total} in all)`);
  });

  // The defaults, as a learner runs it: no WORKERS, no PORT. The first run is done: it makes room.
  await run.program.stop();
  const defaults = await t.claimDefaults();
  await t.step(`${defaults.label}: every worker answers GET /, and GET /count gives their total`, async () => {
    const unset = await t.startWithDefaults(defaults);
    const { answers } = unset;
    const servedHere: Served = new Map();
    for (const { answer } of answers) recordServed(servedHere, answer.headers['x-worker-pid']);
    await expectCount(t, unset, servedHere, answers.length, `${answers.length} GET / answered by all workers`);
  });
});
