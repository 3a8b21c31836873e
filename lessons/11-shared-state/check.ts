import { defineCheck } from '../../src/checks/define-check.js';
import type { CheckContext } from '../../src/checks/check-context.js';
import type { ClusterRun } from '../../src/checks/cluster-run.js';
import { quote } from '../../src/checks/excerpt.js';

const WORKERS = 2;
const SEQUENTIAL = 6;
const CONCURRENT = 20;

const perWorkerHint =
  'Each worker is its own process with its own memory: a counter in a worker only counts what that worker served. Keep the count in the primary: a worker sends it a message for every GET / (and waits for its reply before answering), and asks it for the total on GET /count.';

// GET /count, twice (each on a new connection, so both workers are asked), and both must say `expected`.
async function expectCount(t: CheckContext, run: ClusterRun, expected: number, after: string): Promise<void> {
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
        hint: count < expected ? perWorkerHint : 'Count GET / only (not /count itself, nor other paths), once per request.',
        program: run.program,
      });
    }
  }
}

// Sends GET / and checks the answer; counts as one answered request.
async function hello(t: CheckContext, run: ClusterRun): Promise<void> {
  const answer = await t.get(run, '/');
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

export default defineCheck(async (t) => {
  const run = await t.step(`starts with WORKERS=${WORKERS} and listens on PORT`, async () => {
    const run = await t.startCluster({ workers: WORKERS });
    await t.waitForPort(run);
    return run;
  });

  let total = await t.step('both workers answer GET / with "hello world\\n" and their pid in x-worker-pid', async () => {
    const { pids, answered } = await t.collectWorkers(run, { body: 'hello world\n' });
    t.expectWorkersOf(run, pids, { count: WORKERS, counting: 'alive' });
    return answered;
  });

  await t.step('GET /count answers the number of GET / answered so far, by both workers together', () => expectCount(t, run, total, `${total} GET / answered by both workers`));

  await t.step(`${SEQUENTIAL} more GET /, one after the other: GET /count follows each one`, async () => {
    for (let request = 1; request <= SEQUENTIAL; request++) {
      await hello(t, run);
      total += 1;
      await expectCount(t, run, total, `GET / number ${total} (sequential)`);
    }
  });

  await t.step(`${CONCURRENT} GET / at once: GET /count then says exactly ${CONCURRENT} more`, async () => {
    await Promise.all(Array.from({ length: CONCURRENT }, () => hello(t, run)));
    total += CONCURRENT;
    await expectCount(t, run, total, `${CONCURRENT} concurrent GET / (${total} in all)`);
  });
});
