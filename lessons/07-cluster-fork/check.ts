import {
  acceptedWorkers,
  ClusterCheckContext,
  type ClusterRun,
  defineCheck,
  describeWorkers,
  expectedWorkers,
  normalizeLine,
  quote,
  seconds,
  type StdoutWrite,
  timeouts,
  workersCount,
  writersOf,
} from '../../src/checks/index.js';

const workerLine = /^worker (\d+) working!$/;
// A line that is meant to be the worker line but is not quite it ("worker 123 working", "Worker 123 working!").
const nearWorkerLine = /^\s*worker\b.*\bworking\b/i;

const readWorkersHint =
  'Fork `Number(process.env.WORKERS)` workers when WORKERS is set, else one per CPU: `Number(process.env.WORKERS) || os.availableParallelism()` (os.cpus().length is accepted too).';

const disconnectHint =
  "A worker stays connected to the primary, and so alive, until it disconnects: call cluster.worker.disconnect() once it has printed. When every worker is gone, the primary has nothing left to wait for and exits with code 0 by itself.";

const stdoutLines = (run: ClusterRun) => run.program.lines('stdout').map(normalizeLine);
const workerLineCount = (run: ClusterRun) => stdoutLines(run).filter((line) => workerLine.test(line)).length;

// "1 line", "1 or 2 lines".
const linesCount = (counts: readonly number[]) => `${counts.join(' or ')} line${counts.at(-1) === 1 ? '' : 's'}`;

// The pids of the `worker <pid> working!` lines, in order. Other lines are the program's own logging.
function workerPids(run: ClusterRun): number[] {
  return stdoutLines(run).flatMap((line) => {
    const match = workerLine.exec(line);
    return match ? [Number(match[1])] : [];
  });
}

// When the worker lines are too few or too many: fails on a line that almost is one, which says why.
function failNearWorkerLine(t: ClusterCheckContext, run: ClusterRun): void {
  const near = stdoutLines(run).find((line) => nearWorkerLine.test(line) && !workerLine.test(line));
  if (near === undefined) return;
  t.fail({
    message: `A worker printed ${quote(near)}; expected "worker <its pid> working!".`,
    expected: 'worker <pid> working!',
    actual: near,
    hint: 'Print exactly `worker ${process.pid} working!` in each worker.',
    program: run.program,
  });
}

// Fails when a `worker <pid> working!` line was written by another process than that worker (the primary
// printing for its workers on 'online', say), as the stdout writers' log shows. A line missing from the log
// (written with fs.writeSync, or by a worker whose execArgv lost the check's flags) is not judged.
function expectOwnLines(t: ClusterCheckContext, run: ClusterRun, pids: readonly number[], writes: readonly StdoutWrite[]): void {
  for (const pid of pids) {
    const line = `worker ${pid} working!`;
    const by = writersOf(writes, line);
    if (by.length === 0 || by.includes(pid)) continue;
    const writer = by[0]!;
    const primary = writer === run.program.pid;
    t.fail({
      message: primary
        ? `The primary (pid ${writer}) printed ${quote(line)} for its worker: each worker must print its own line.`
        : `Process ${writer} printed ${quote(line)}, but ${pid} is not its pid: each worker prints its own pid.`,
      expected: `${quote(line)} printed by worker ${pid} itself`,
      actual: `printed by ${primary ? 'the primary' : 'process'} ${writer}`,
      hint: 'Print the line in the worker branch (`cluster.isPrimary` is false there) with the worker\'s own pid: `worker ${process.pid} working!`. The primary learning of a worker (its \'online\' or \'fork\' event) is not the worker working.',
      program: run.program,
    });
  }
}

// One run: WORKERS workers each print their line and exit, then the primary exits with code 0. With WORKERS
// unset, one per CPU by either count (os.availableParallelism() or os.cpus().length).
async function forkRun(t: ClusterCheckContext, workers: number | undefined): Promise<void> {
  const accepted = acceptedWorkers(workers);
  const fewest = accepted[0]!;
  const setting = describeWorkers({ workersEnv: workers, workers: expectedWorkers(workers) });
  const title =
    workers === undefined
      ? `WORKERS unset: one worker per CPU (${accepted.join(' or ')} worker${accepted.at(-1) === 1 ? '' : 's'} here) each print "worker <pid> working!", then the primary exits with code 0`
      : `WORKERS=${workers}: ${workersCount(workers)} ${workers === 1 ? 'prints' : 'each print'} "worker <pid> working!", then the primary exits with code 0`;
  await t.step(title, async () => {
    // Who wrote each line: the primary may print for its workers, which the output alone cannot show.
    const writers = t.stdoutWriters();
    const run = await t.startCluster({ workers, nodeArgs: writers.nodeArgs });
    // Starting the workers may take long on a busy machine; once they have all printed, exiting may not.
    await t.untilLine(run.program, 'stdout', () => workerLineCount(run) >= fewest, { timeoutMs: timeouts.startMs });
    const printed = workerLineCount(run);
    if (run.program.running && printed < fewest) {
      t.expectNoWorkerCrash(run);
      t.fail({
        message: `Only ${printed} of ${fewest} "worker <pid> working!" lines came within ${seconds(timeouts.startMs)} (${setting}), and the program is still running.`,
        expected: `${linesCount(accepted)} "worker <pid> working!", then the exit`,
        actual: `${printed} line${printed === 1 ? '' : 's'}, still running`,
        hint: printed === 0 ? 'In the worker branch (`cluster.isPrimary` is false there), print `worker ${process.pid} working!`.' : readWorkersHint,
        program: run.program,
      });
    }
    await t.expectExit(run.program, 0, { timeoutMs: timeouts.reactMs, after: 'once all its workers have exited', hint: disconnectHint });
    t.expectNoOrphans(run);
    const pids = workerPids(run);
    if (!accepted.includes(pids.length)) {
      failNearWorkerLine(t, run);
      if (pids.length < fewest) t.expectNoWorkerCrash(run);
      t.fail({
        message: `${pids.length === 0 ? 'No' : pids.length} "worker <pid> working!" line${pids.length === 1 ? ' was' : 's were'} printed; expected ${accepted.join(' or ')} (${setting}).`,
        expected: `${linesCount(accepted)} "worker <pid> working!", one per worker`,
        actual: pids.length === 0 ? '(none)' : pids.map((pid) => `worker ${pid} working!`).join('\n'),
        hint: pids.length === 0 ? 'In the worker branch (`cluster.isPrimary` is false there), print `worker ${process.pid} working!`.' : readWorkersHint,
        program: run.program,
      });
    }
    const repeated = pids.find((pid, index) => pids.indexOf(pid) !== index);
    if (repeated !== undefined) {
      t.fail({
        message: `Pid ${repeated} was printed more than once: every worker is its own process, with its own pid.`,
        expected: `${pids.length} different pids`,
        actual: pids.join(', '),
        hint: 'Print process.pid inside the worker, once, not a pid the primary knows.',
        program: run.program,
      });
    }
    // The count printed is a right one: the process table must show that many workers started.
    t.expectWorkersOf(run, pids, { count: pids.length, counting: 'seen', hint: readWorkersHint });
    expectOwnLines(t, run, pids, writers.read());
  });
}

export default defineCheck(ClusterCheckContext, async (t: ClusterCheckContext) => {
  await forkRun(t, 1);
  await forkRun(t, 3);
  await forkRun(t, undefined);
  if (!t.seesProcesses) t.note('the worker pids were not checked against the process table: this platform has no /proc');
});
