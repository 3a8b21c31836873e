import { defineClusterCheck, quote, type ClusterCheckContext, type ClusterRun } from '../../src/checks/index.js';

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
  for (let ask = 0; ask < WORKERS; ask++) {
    const answer = await t.get(run, '/count');
    const match = /^\s*(\d+)\s*$/.exec(answer.body);
    if (answer.status !== 200 || !match) {
      t.fail({
        message: `GET /count answered with status ${answer.status} and the body ${quote(answer.body)}; expected status 200 and a plain number.`,
        expected: `status 200, body "${expected}\\n"`,
        actual: `status ${answer.status}, body ${quote(answer.body)}`,
        hint: 'Answer GET /count with the number alone: res.end(`${count}\\n`).',
        program: run.program,
      });
    }
    const count = Number(match[1]);
    if (count !== expected) {
      const pid = answer.headers['x-worker-pid'];
      t.fail({
        message: `After ${after}, GET /count${pid ? ` (answered by worker ${String(pid)})` : ''} said ${count}; expected ${expected}, every GET / answered so far by all workers together.`,
        expected: String(expected),
        actual: String(count),
        hint:
          count > expected
            ? 'Count GET / only (not /count itself, nor other paths), once per request.'
            : typeof pid === 'string' && served.get(pid) === count
              ? perWorkerHint
              : countFirstHint,
        program: run.program,
      });
    }
  }
}

// Sends GET / and checks the answer; counts as one answered request.
async function hello(t: ClusterCheckContext, run: ClusterRun, served: Served): Promise<void> {
  const answer = await t.get(run, '/');
  recordServed(served, answer.headers['x-worker-pid']);
  if (answer.status !== 200 || answer.body !== 'hello world\n') {
    t.fail({
      message: `GET / answered with status ${answer.status} and the body ${quote(answer.body)}.`,
      expected: 'status 200, body "hello world\\n"',
      actual: `status ${answer.status}, body ${quote(answer.body)}`,
      hint: 'GET / still answers as in lesson 8, while it is counted.',
      program: run.program,
    });
  }
}

export default defineClusterCheck(async (t) => {
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
});
