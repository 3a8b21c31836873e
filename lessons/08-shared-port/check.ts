import { availableParallelism } from 'node:os';
import { ClusterCheckContext, defineCheck, quote, workersCount } from '../../src/checks/index.js';

// A count other than the CPU count, so that a program which ignores WORKERS is caught.
const WORKERS = availableParallelism() === 3 ? 2 : 3;
const BODY = 'hello world\n';

export default defineCheck(ClusterCheckContext, async (t: ClusterCheckContext) => {
  const run = await t.step(`starts with WORKERS=${WORKERS} and listens on PORT`, async () => {
    const run = await t.startCluster({ workers: WORKERS });
    await t.waitForPort(run);
    return run;
  });

  const { pids } = await t.step(`every worker answers GET / (a new connection each time) with status 200, "hello world\\n" and its pid in x-worker-pid`, () =>
    t.collectWorkers(run, { body: BODY }),
  );

  if (t.seesProcesses) {
    await t.step(`the ${workersCount(WORKERS)} that answered are the primary's children, and it has no others`, async () => {
      t.expectWorkersOf(run, pids, { count: WORKERS, counting: 'alive' });
    });
  } else {
    t.note('the answering pids were not checked against the process table: this platform has no /proc');
  }

  await t.step('another path (GET /anything) gets the same answer from every worker', async () => {
    await t.collectWorkers(run, {
      path: '/anything',
      body: BODY,
      hint: "Every request gets the same answer, whatever its path: answer in http.createServer's handler itself, not in a route for / alone (app.get('/') in express).",
    });
  });

  await t.step('keeps serving until it is stopped', async () => {
    for (let turn = 0; turn < WORKERS; turn++) {
      const answer = await t.get(run, '/');
      if (answer.status !== 200 || answer.body !== BODY) {
        t.fail({
          message: `A later GET / answered with status ${answer.status} and body ${quote(answer.body)}.`,
          expected: `status 200, body ${quote(BODY)}`,
          actual: `status ${answer.status}, body ${quote(answer.body)}`,
          hint: 'Answer every request the same way, not only the first ones.',
          program: run.program,
        });
      }
    }
    if (!run.program.running) {
      t.fail({
        message: 'The program exited after answering; a server runs until it is signalled.',
        expected: 'still running',
        actual: 'exited',
        hint: "Don't exit after the first requests: a listening server keeps its worker alive by itself.",
        program: run.program,
      });
    }
  });

  // The defaults, as a learner runs it: no WORKERS, no PORT. The first run is done: it makes room.
  await run.program.stop();
  const defaults = await t.claimDefaults();
  await t.step(`${defaults.label}: every worker answers GET /`, async () => {
    await t.startWithDefaults(defaults);
  });
});
