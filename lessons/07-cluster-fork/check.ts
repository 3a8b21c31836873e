import {
  defineClusterCheck,
  describeWorkers,
  expectedWorkers,
  normalizeLine,
  quote,
  seconds,
  timeouts,
  workersCount,
  type ClusterCheckContext,
  type ClusterRun,
} from '../../src/checks/index.js';

const workerLine = /^worker (\d+) working!$/;

const readWorkersHint =
  'Fork `Number(process.env.WORKERS)` workers when WORKERS is set, else one per CPU: `Number(process.env.WORKERS) || os.availableParallelism()`.';

const disconnectHint =
  "A worker stays connected to the primary, and so alive, until it disconnects: call cluster.worker.disconnect() once it has printed. When every worker is gone, the primary has nothing left to wait for and exits with code 0 by itself.";

const workerLineCount = (run: ClusterRun) => run.program.lines('stdout').filter((line) => workerLine.test(normalizeLine(line))).length;

// The pids of the `worker <pid> working!` lines, in order; fails on a line that almost is one.
function workerPids(t: ClusterCheckContext, run: ClusterRun): number[] {
  const lines = run.program.lines('stdout').map(normalizeLine);
  const pids: number[] = [];
  for (const line of lines) {
    const match = workerLine.exec(line);
    if (match) pids.push(Number(match[1]));
    else if (/^\s*worker\b/i.test(line)) {
      t.fail({
        message: `A worker printed ${quote(line)}; expected "worker <its pid> working!".`,
        expected: 'worker <pid> working!',
        actual: line,
        hint: 'Print exactly `worker ${process.pid} working!` in each worker.',
        program: run.program,
      });
    }
  }
  return pids;
}

// One run: WORKERS workers each print their line and exit, then the primary exits with code 0.
async function forkRun(t: ClusterCheckContext, workers: number | undefined): Promise<void> {
  const count = expectedWorkers(workers);
  const setting = describeWorkers({ workersEnv: workers, workers: count });
  const title =
    workers === undefined
      ? `WORKERS unset: one worker per CPU (${workersCount(count)} here) each print "worker <pid> working!", then the primary exits with code 0`
      : `WORKERS=${workers}: ${workersCount(workers)} ${workers === 1 ? 'prints' : 'each print'} "worker <pid> working!", then the primary exits with code 0`;
  await t.step(title, async () => {
    const run = await t.startCluster({ workers });
    // Starting the workers may take long on a busy machine; once they have all printed, exiting may not.
    await t.untilLine(run.program, 'stdout', () => workerLineCount(run) >= count, { timeoutMs: timeouts.startMs });
    const printed = workerLineCount(run);
    if (run.program.running && printed < count) {
      t.expectNoWorkerCrash(run);
      t.fail({
        message: `Only ${printed} of ${count} "worker <pid> working!" lines came within ${seconds(timeouts.startMs)} (${setting}), and the program is still running.`,
        expected: `${count} line${count === 1 ? '' : 's'} "worker <pid> working!", then the exit`,
        actual: `${printed} line${printed === 1 ? '' : 's'}, still running`,
        hint: printed === 0 ? 'In the worker branch (`cluster.isPrimary` is false there), print `worker ${process.pid} working!`.' : readWorkersHint,
        program: run.program,
      });
    }
    await t.expectExit(run.program, 0, { timeoutMs: timeouts.reactMs, after: 'once all its workers have exited', hint: disconnectHint });
    t.expectNoOrphans(run);
    const pids = workerPids(t, run);
    if (pids.length < count) t.expectNoWorkerCrash(run);
    if (pids.length !== count) {
      t.fail({
        message: `${pids.length === 0 ? 'No' : pids.length} "worker <pid> working!" line${pids.length === 1 ? ' was' : 's were'} printed; expected ${count} (${setting}).`,
        expected: `${count} line${count === 1 ? '' : 's'} "worker <pid> working!", one per worker`,
        actual: pids.length === 0 ? '(none)' : pids.map((pid) => `worker ${pid} working!`).join('\n'),
        hint: pids.length === 0 ? 'In the worker branch (`cluster.isPrimary` is false there), print `worker ${process.pid} working!`.' : readWorkersHint,
        program: run.program,
      });
    }
    const repeated = pids.find((pid, index) => pids.indexOf(pid) !== index);
    if (repeated !== undefined) {
      t.fail({
        message: `Pid ${repeated} was printed more than once: every worker is its own process, with its own pid.`,
        expected: `${count} different pids`,
        actual: pids.join(', '),
        hint: 'Print process.pid inside the worker, once, not a pid the primary knows.',
        program: run.program,
      });
    }
    t.expectWorkersOf(run, pids, { count, counting: 'seen', hint: readWorkersHint });
  });
}

export default defineClusterCheck(async (t) => {
  await forkRun(t, 1);
  await forkRun(t, 3);
  await forkRun(t, undefined);
  if (!t.seesProcesses) t.note('the worker pids were not checked against the process table: this platform has no /proc');
});
