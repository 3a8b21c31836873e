import { ClusterCheckContext, defineCheck, expectRestart } from '../../src/checks/index.js';

const WORKERS = 2;

export default defineCheck(ClusterCheckContext, async (t: ClusterCheckContext) => {
  const run = await t.step(`starts with WORKERS=${WORKERS} and listens on PORT`, async () => {
    const run = await t.startCluster({ workers: WORKERS });
    await t.waitForPort(run);
    return run;
  });

  const first = await t.step(`both workers answer GET / with "hello world\\n" and their pid in x-worker-pid`, async () => {
    const { pids } = await t.collectWorkers(run, { body: 'hello world\n' });
    t.expectWorkersOf(run, pids, { count: WORKERS, counting: 'alive' });
    return pids;
  });

  // Twice in a row, and the second time the replacement itself: every worker that dies is replaced,
  // not only the ones forked at the start, and not only once.
  const victim = first[0]!;
  const second = await t.step(`SIGKILL worker #1 (from x-worker-pid): the primary prints "<pid> died" and a replacement answers`, () =>
    expectRestart(t, run, victim, first, 'SIGKILL #1'),
  );
  const replacement = second.find((pid) => !first.includes(pid))!;
  await t.step(`SIGKILL the replacement: "<pid> died" again, and ${WORKERS} workers answer again`, () =>
    expectRestart(t, run, replacement, [...first, ...second], 'SIGKILL #2'),
  );

  // The defaults, as a learner runs it: no WORKERS, no PORT. The first run is done: it makes room.
  await run.program.stop();
  const defaults = await t.claimDefaults();
  await t.step(`${defaults.label}: every worker answers GET /, and a killed one is replaced`, async () => {
    const unset = await t.startWithDefaults(defaults);
    await expectRestart(t, unset, unset.pids[0]!, unset.pids, 'SIGKILL');
  });
  if (!t.seesProcesses) t.note('the number of live workers was not checked against the process table: this platform has no /proc');
});
