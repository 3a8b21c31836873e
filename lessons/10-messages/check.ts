import { availableParallelism } from 'node:os';
import {
  acceptedWorkers,
  ClusterCheckContext,
  DEFAULTS_HINT,
  defaultsLabel,
  defineCheck,
  type FailureDetails,
  normalizeLine,
  type ProgramView,
  quote,
  timedOut,
  timeouts,
  type TracedMessage,
} from '../../src/checks/index.js';

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

const isAsk = (entry: TracedMessage) => entry.what === 'received' && entry.message === 'do something!';
const isAnswer = (entry: TracedMessage) => entry.what === 'sent' && entry.message === 'nope.';

// The worker that received "do something!" while it had no 'message' listener of the program's: that message is lost.
const lostAsk = (entries: readonly TracedMessage[]) => entries.find((entry) => isAsk(entry) && entry.listeners === 0)?.pid;

// The first worker that sent "nope." before it had received "do something!" (unasked), if any. A message that
// met no listener was never read: a worker that answers after it answers unasked all the same.
function unaskedAnswer(entries: readonly TracedMessage[]): number | undefined {
  const asked = new Set<number>();
  for (const entry of entries) {
    if (isAsk(entry) && entry.listeners !== 0) asked.add(entry.pid);
    else if (isAnswer(entry) && !asked.has(entry.pid)) return entry.pid;
  }
  return undefined;
}

// Worker `pid` sent "nope." before it received "do something!": what it did, in its own order.
function unaskedFailure(entries: readonly TracedMessage[], pid: number, program: ProgramView): FailureDetails {
  const own = entries.filter((entry) => entry.pid === pid).map((entry) => `${entry.what} ${JSON.stringify(entry.message)}`);
  return {
    message: `Worker ${pid} sent "nope." before it had received "do something!": it answers a message it was never sent.`,
    expected: 'each worker sends "nope." after it receives "do something!"',
    actual: own.join(', ') || `worker ${pid} sent "nope." first`,
    hint: "Send the answer from the worker's 'message' listener, for the message the primary sent: process.on('message', (msg) => { if (msg === 'do something!') process.send('nope.'); }).",
    program,
  };
}

export default defineCheck(ClusterCheckContext, async (t: ClusterCheckContext) => {
  // What each worker receives and sends, in its own order, seen by a preload the workers inherit.
  const trace = t.traceMessages();
  const run = await t.step(`WORKERS=${WORKERS}: the primary prints "<pid> says nope." for each worker's answer`, async () => {
    const run = await t.startCluster({ workers: WORKERS, nodeArgs: trace.nodeArgs, env: trace.env });
    const seen = await t.untilLine(run.program, 'stdout', () => saysPids(run.program.lines('stdout')).length >= WORKERS, { timeoutMs: timeouts.startMs });
    // No answer, and the program asleep: a message that met no listener is gone for good (see the preload).
    const lost = seen.outcome === 'timeout' ? lostAsk(trace.read()) : undefined;
    if (lost !== undefined && saysPids(run.program.lines('stdout')).length < WORKERS) {
      t.fail({
        message: `Worker ${lost} received "do something!" before it had a 'message' listener: the message was lost, and the worker cannot answer it.`,
        expected: "each worker listening (process.on('message', …)) before the primary's message arrives",
        actual: `worker ${lost} got "do something!" with no listener`,
        hint: esmTrapHint,
        program: run.program,
      });
    }
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

  await t.step(`${defaultsLabel(false)}: one "<pid> says nope." line per worker, then the primary exits with code 0`, async () => {
    const unset = await t.startCluster({ workers: undefined, nodeArgs: trace.nodeArgs, env: trace.env });
    await t.expectExit(unset.program, 0, { timeoutMs: timeouts.startMs, after: 'once every worker has answered and exited', hint: DEFAULTS_HINT });
    const pids = saysPids(unset.program.lines('stdout'));
    if (!acceptedWorkers(undefined).includes(new Set(pids).size)) {
      t.fail({
        message: `With WORKERS unset the primary printed ${pids.length} "says nope." lines; expected one per CPU (${acceptedWorkers(undefined).join(' or ')} here).`,
        expected: `${acceptedWorkers(undefined).join(' or ')} lines "<pid> says nope."`,
        actual: pids.map((pid) => `${pid} says nope.`).join('\n') || '(none)',
        hint: DEFAULTS_HINT,
        program: unset.program,
      });
    }
  });

  const entries = trace.read();
  if (!entries.some(isAnswer)) {
    t.note('the order of the messages was not checked: the workers ran without the preload the check adds to their Node flags (execArgv replaced?)');
    return;
  }
  await t.step('each worker sends "nope." only in answer to "do something!" (the order each worker saw, recorded by a preload the check adds)', async () => {
    const pid = unaskedAnswer(entries);
    if (pid !== undefined) t.fail(unaskedFailure(entries, pid, run.program));
  });
});
