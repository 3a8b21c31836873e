import { availableParallelism } from 'node:os';
import { defineClusterCheck, normalizeLine, quote, timedOut, timeouts } from '../../src/checks/index.js';

// A count other than the CPU count, so that a program which ignores WORKERS is caught.
const WORKERS = availableParallelism() === 3 ? 2 : 3;
const saysLine = /^(\d+) says nope\.$/;

const esmTrapHint =
  "The classic trap: a message the primary sends right after cluster.fork() can arrive before the worker's process.on('message') listener exists, and is lost. That happens on every Node version when the listener is installed after an await, and on Node 20 even for a top-level listener in an ES module (import syntax). Have each worker announce itself once its listener is installed (process.send('ready')), and send 'do something!' when that arrives.";

// The `<pid> says nope.` lines so far.
const saysPids = (lines: readonly string[]) =>
  lines.map(normalizeLine).flatMap((line) => {
    const match = saysLine.exec(line);
    return match ? [Number(match[1])] : [];
  });

export default defineClusterCheck(async (t) => {
  const run = await t.step(`WORKERS=${WORKERS}: the primary prints "<pid> says nope." for each worker's answer`, async () => {
    const run = await t.startCluster({ workers: WORKERS });
    const seen = await t.untilLine(run.program, 'stdout', () => saysPids(run.program.lines('stdout')).length >= WORKERS, { timeoutMs: timeouts.startMs });
    if (seen.outcome !== 'found') {
      const answered = saysPids(run.program.lines('stdout'));
      // A program that ended on its own is judged in the next step, from its whole output.
      if (seen.outcome === 'exited' && answered.length > 0) return run;
      t.expectNoWorkerCrash(run);
      t.expectNoCrash(run.program, { expected: `${WORKERS} lines "<pid> says nope."` });
      const nearMiss = run.program.lines('stdout').map(normalizeLine).find((line) => /nope/i.test(line) && !saysLine.test(line));
      if (nearMiss) {
        t.fail({
          message: `The primary printed ${quote(nearMiss)}; expected "<worker pid> says nope.".`,
          expected: '<worker pid> says nope.',
          actual: nearMiss,
          hint: "Print the pid of the worker whose message arrived: console.log(`${worker.process.pid} says nope.`), with the period.",
          program: run.program,
        });
      }
      const waited = seen.outcome === 'timeout' ? timedOut(seen) : undefined;
      const state = waited ? `${waited.within.trim()} (${waited.running})`.trim() : `before the program ${run.program.exitInfo?.code === 0 ? 'exited with code 0' : 'ended'}`;
      t.fail({
        message: `${answered.length === 0 ? 'No worker' : `Only ${answered.length} of ${WORKERS} workers`} answered "nope." ${state}: expected one "<pid> says nope." line per worker.`,
        expected: `${WORKERS} lines "<pid> says nope.", one per worker`,
        actual: answered.length === 0 ? '(no such line)' : answered.map((pid) => `${pid} says nope.`).join('\n'),
        hint:
          seen.outcome === 'timeout'
            ? answered.length === 0
              ? esmTrapHint
              : `Send 'do something!' to every worker you fork, and have each one answer. ${esmTrapHint}`
            : "The workers must not leave before they have answered: each one listens with process.on('message', …), answers process.send('nope.'), and the primary lets them go only once every answer is in.",
        program: run.program,
      });
    }
    return run;
  });

  await t.step('when all have answered, the workers exit, then the primary exits with code 0', async () => {
    await t.expectExit(run.program, 0, {
      timeoutMs: timeouts.exitMs,
      after: 'once every worker has answered and exited',
      hint: "Once the last answer is in, let the workers go: cluster.disconnect() (or worker.disconnect() for each) closes their channel; with nothing left to do they exit, and then so does the primary. A 'message' listener alone keeps a worker's channel open.",
    });
    t.expectNoOrphans(run, "Don't call process.exit() in the primary: disconnect the workers and let the primary end by itself once they are gone.");
  });

  await t.step(`exactly one "<pid> says nope." line per worker: ${WORKERS} lines, each with a different worker's pid`, async () => {
    const pids = saysPids(run.program.lines('stdout'));
    const repeated = pids.find((pid, index) => pids.indexOf(pid) !== index);
    if (pids.length === WORKERS && pids.includes(run.program.pid)) {
      t.fail({
        message: `The line "${run.program.pid} says nope." names the primary's own pid; each line names the worker that answered.`,
        expected: `${WORKERS} lines "<worker pid> says nope."`,
        actual: pids.map((pid) => `${pid} says nope.`).join('\n'),
        hint: "In the primary, the answering worker is the one whose 'message' event fired: console.log(`${worker.process.pid} says nope.`).",
        program: run.program,
      });
    }
    if (pids.length !== WORKERS || repeated !== undefined) {
      t.fail({
        message:
          pids.length !== WORKERS
            ? `The primary printed ${pids.length} "says nope." lines; expected ${WORKERS}, one per worker.`
            : `Worker ${repeated} has more than one "says nope." line; each worker answers once, and each answer is printed once.`,
        expected: `${WORKERS} lines, one per worker`,
        actual: pids.map((pid) => `${pid} says nope.`).join('\n'),
        hint: "Print one line per answer, in the worker's 'message' handler, and send 'do something!' once to each worker.",
        program: run.program,
      });
    }
    t.expectWorkersOf(run, pids, { count: WORKERS, counting: 'seen' });
  });
  if (!t.seesProcesses) t.note('the pids were not checked against the process table: this platform has no /proc');
});
