import {
  ClusterCheckContext,
  type ClusterRun,
  defineCheck,
  expectRestart,
  type FailureDetails,
  IN_FLIGHT_GRACE_MS,
  seconds,
  stillRunningFailure,
  type TimedOut,
  timeouts,
  workersCount,
  wrongExitFailure,
} from '../../src/checks/index.js';

const WORKERS = 2;
/** The first /slow request, answered before any signal: is /slow there, and slow? */
const PROBE_MS = 100;
/**
 * The request in flight when SIGTERM arrives, as in the lesson's own example: it lasts at least 2 s after the
 * signal, so a shutdown that cuts what is left after a fixed 1 s (the default grace of http-terminator and
 * terminus) drops it.
 */
const SLOW_MS = 3_000;
/** The request in flight when Ctrl-C's SIGINT reaches the whole group: surely unfinished when it lands. */
const CTRL_C_MS = 600;

const slowHint = "Answer /slow only once the time is up: setTimeout(() => res.end('done\\n'), Number(url.searchParams.get('ms'))).";
const slowDoneHint =
  "Handle /slow in the worker: const url = new URL(req.url, 'http://localhost'); if (url.pathname === '/slow') setTimeout(() => res.end('done\\n'), Number(url.searchParams.get('ms'))).";

const noForkHint =
  "Remember that you are stopping (a `stopping` flag set in the signal handler) and don't fork replacements once it is set: the workers that exit now are leaving on purpose.";

// Starts a run and waits until every worker serves.
async function startServing(t: ClusterCheckContext, label: string): Promise<{ run: ClusterRun; pids: number[] }> {
  return t.step(`${label}starts with WORKERS=${WORKERS}, and both workers answer GET /`, async () => {
    const run = await t.startCluster({ workers: WORKERS });
    await t.waitForPort(run);
    const { pids } = await t.collectWorkers(run, { body: 'hello world\n' });
    t.expectWorkersOf(run, pids, { count: WORKERS, counting: 'alive' });
    return { run, pids };
  });
}

// Sends the signal to the primary's pid (or, as Ctrl-C does, to its whole process group) and expects `stopping`.
async function signalStop(t: ClusterCheckContext, run: ClusterRun, signal: 'SIGTERM' | 'SIGINT', to: 'primary' | 'group' = 'primary'): Promise<void> {
  const from = run.program.lines('stdout').length;
  const sent = to === 'group' ? run.program.killGroup(signal) : run.program.kill(signal);
  if (!sent) t.expectRunning(run, `it was sent ${signal}`);
  await t.waitForLine(run.program, 'stdout', 'stopping', {
    from,
    timeoutMs: timeouts.reactMs,
    after: `after ${signal}`,
    hint: `Handle the signal in the primary: process.on('${signal}', () => { console.log('stopping'); … }).`,
  });
}

// What the learner is told when the primary forks a worker after the signal.
const newWorkerAfter =
  (run: ClusterRun, signal: string) =>
  (pid: number): FailureDetails => ({
    message: `The primary started a new worker (pid ${pid}) after ${signal}: once it is stopping, it must fork no more.`,
    expected: 'no new worker after the signal',
    actual: `new worker ${pid}`,
    hint: noForkHint,
    program: run.program,
  });

// However it shows (the connection cut, or the whole program gone first), the request in flight was dropped.
// `cutAfterMs`: how long after the signal it was cut (a fixed grace shows as about 1 s).
function droppedInFlight(failure: FailureDetails, cutAfterMs: number): FailureDetails {
  const actual = failure.actual ?? failure.message;
  const why = /^(exited|was killed)/.test(actual) ? `the program ${actual} first` : actual;
  const graceHint =
    cutAfterMs >= 500
      ? ` It was cut ${seconds(cutAfterMs)} after the signal, as a shutdown with a fixed grace does: http-terminator and @godaddy/terminus end the connections still open 1 s after the signal by default (gracefulTerminationTimeout, timeout); give them a grace longer than your longest request, or let worker.disconnect() wait for the requests.`
      : '';
  return {
    ...failure,
    message: `The request in flight when SIGTERM arrived (GET /slow?ms=${SLOW_MS}) got no answer: ${why}.`,
    actual: why,
    expected: '"done\\n": a request in flight is finished before the worker goes',
    hint: `Don't kill the workers (nor exit the primary) on SIGTERM: worker.disconnect() (or server.close() in the worker) stops new connections and lets the requests in flight finish; the worker exits after that, and the primary after its last worker.${graceHint}`,
  };
}

// The request in flight when Ctrl-C's SIGINT reached every process of the group was dropped: the workers died of it.
function droppedOnCtrlC(failure: FailureDetails): FailureDetails {
  const actual = failure.actual ?? failure.message;
  const why = /^(exited|was killed)/.test(actual) ? `the program ${actual} first` : actual;
  return {
    ...failure,
    message: `The request in flight when Ctrl-C's SIGINT reached the whole process group (GET /slow?ms=${CTRL_C_MS}) got no answer: ${why}.`,
    actual: why,
    expected: '"done\\n": the workers ignore SIGINT and the primary leads the shutdown',
    hint: "Ctrl-C signals the primary and every worker at once, and a worker without a SIGINT handler dies of it mid-request. In the worker branch, ignore the signals: process.on('SIGINT', () => {}) and process.on('SIGTERM', () => {}); the primary alone decides when the workers go (worker.disconnect()).",
  };
}

// GET /slow kept in flight: a worker has read it, and it is not answered yet.
function slowInFlight(t: ClusterCheckContext, run: ClusterRun, ms: number) {
  return t.inFlight(run, `/slow?ms=${ms}`, {
    timeoutMs: ms + timeouts.exitMs,
    tooQuick: { before: 'the check could send the signal', expected: '"done\\n" after the milliseconds asked for', hint: slowHint },
  });
}

const cleanExitHint =
  "Let the workers go (worker.disconnect() for each: it closes their servers, lets requests in flight finish, and they exit), and don't keep anything else alive in the primary: it then exits with code 0 by itself once the last worker is gone.";

// Waits for the primary's exit code 0 after the signal, and then for nothing of it to be left. A primary still
// running is told what holds it: workers still serving (never told to go), or a timer of its own.
async function expectCleanExit(t: ClusterCheckContext, run: ClusterRun, signal: string, timeoutMs: number): Promise<void> {
  const after = `within ${seconds(timeoutMs)} of ${signal}`;
  const ended = await t.untilExit(run.program, { timeoutMs });
  if (ended.outcome === 'timeout') t.fail(await stillRunning(t, run, ended, signal, after));
  if (ended.exit.code !== 0) t.fail(wrongExitFailure(run.program, ended.exit, `exit with code 0 ${after}`, cleanExitHint));
  await t.expectNothingLeft(run, {
    hint: 'The primary must wait for its workers: exit only once every worker has exited (without process.exit(), the primary ends by itself after its last worker).',
  });
}

// What keeps a primary running after the signal: workers that still serve new requests (nothing told them to
// go: worker.kill() sends SIGTERM, which they ignore), or, its workers gone, a timer of its own.
async function stillRunning(t: ClusterCheckContext, run: ClusterRun, missed: TimedOut, signal: string, after: string): Promise<FailureDetails> {
  run.tree.sample();
  const alive = run.tree.available ? run.tree.alive : undefined;
  const expected = `exit with code 0 ${after}`;
  if (alive && alive.length > 0) {
    const probe = await t.request(run, '/', { timeoutMs: timeouts.reactMs });
    if (probe.outcome === 'answered') {
      return {
        message: `The program did not exit ${after}: its ${workersCount(alive.length)} still answer new requests (GET / was answered by worker ${String(probe.answer.headers['x-worker-pid'])}), so nothing told them to stop.`,
        expected,
        actual: `workers ${alive.join(', ')} still serving`,
        hint: "worker.kill() sends SIGTERM, which your workers ignore (as they should, so that the primary leads); tell each worker to go with worker.disconnect(): it closes its server, lets the requests in flight finish, and the worker exits.",
        program: run.program,
      };
    }
  }
  if (alive && alive.length === 0 && missed.asleep?.nextTimerMs !== undefined) {
    const due = Math.floor(missed.asleep.nextTimerMs / 1000) * 1000;
    return {
      message: `The program did not exit ${after}: its workers are gone, but the primary waits for a timer of its own, due in ${seconds(due)} or more.`,
      expected,
      actual: `still running, waiting for a timer (${seconds(due)} or more)`,
      hint: "A pending timer keeps the primary running until it fires. Call unref() on the shutdown's deadline timer (setTimeout(…, 8_000).unref()), and clear any interval, so that the primary ends once its last worker is gone.",
      program: run.program,
    };
  }
  if (alive && alive.length === 0) {
    return {
      message: `The program did not exit ${after}: its workers are gone, but something of the primary's own keeps it running.`,
      expected,
      actual: 'the primary still running without workers',
      hint: "Once its last worker is gone the primary must have nothing left: call unref() on a shutdown deadline timer (setTimeout(…).unref()), clear intervals, and close any server or connection the primary opened.",
      program: run.program,
    };
  }
  return stillRunningFailure(run.program, missed, expected, cleanExitHint);
}

export default defineCheck(ClusterCheckContext, async (t: ClusterCheckContext) => {
  const { run, pids } = await startServing(t, '');

  await t.step('as lesson 9: SIGKILL a worker, the primary prints "<pid> died" and a replacement answers', async () => {
    await expectRestart(t, run, pids[0]!, pids, 'SIGKILL');
  });

  await t.step(`GET /slow?ms=${PROBE_MS} answers "done\\n" after at least ${PROBE_MS} ms`, async () => {
    const answer = await t.get(run, `/slow?ms=${PROBE_MS}`, { timeoutMs: PROBE_MS + timeouts.reactMs });
    t.expectAnswer(answer, { body: 'done\n' }, { hint: slowDoneHint });
    if (answer.durationMs < PROBE_MS) {
      t.fail({
        message: `GET /slow?ms=${PROBE_MS} answered after ${answer.durationMs} ms; expected at least ${PROBE_MS} ms.`,
        expected: `"done\\n" after ${PROBE_MS} ms or more`,
        actual: `after ${answer.durationMs} ms`,
        hint: slowHint,
        program: run.program,
      });
    }
  });

  await t.step(`SIGTERM while GET /slow?ms=${SLOW_MS} is in flight (2 s or more of it left): prints "stopping", new connections are refused, the request still gets "done\\n", no new worker starts, and the primary exits with code 0`, async () => {
    const slow = await slowInFlight(t, run, SLOW_MS);
    await t.withoutNewWorkers(run, newWorkerAfter(run, 'SIGTERM'), async () => {
      const signalled = performance.now();
      let dropped: { failure: FailureDetails; afterMs: number } | undefined;
      void slow.answered.then((outcome) => {
        if (outcome.outcome === 'failed') dropped = { failure: outcome.failure, afterMs: Math.round(performance.now() - signalled) };
      });
      await signalStop(t, run, 'SIGTERM');
      // While the request is still in flight, the workers no longer take new connections.
      try {
        await t.expectStopsAccepting(run, {
          after: 'after SIGTERM, while a request was still in flight',
          hint: "Stop taking connections at once: worker.disconnect() in the primary closes each worker's server while its requests in flight go on. worker.kill() sends SIGTERM, which your workers ignore (as they should), and throng only passes the signal on, so neither closes anything.",
        });
      } catch (error) {
        // Workers killed with the request in flight: that is what went wrong, whatever the port did meanwhile
        // (a cluster primary goes on accepting until it has seen every worker's exit, late on a busy machine).
        if (dropped && error instanceof Error && error.name === 'StepFailure') t.fail(droppedInFlight(dropped.failure, dropped.afterMs));
        throw error;
      }
      const answered = await slow.answered;
      if (answered.outcome === 'failed') t.fail(droppedInFlight(answered.failure, Math.round(performance.now() - signalled)));
      else t.expectAnswer(answered.answer, { body: 'done\n' }, { hint: slowDoneHint, request: `GET /slow?ms=${SLOW_MS} (in flight when SIGTERM arrived)` });
      await expectCleanExit(t, run, 'SIGTERM', timeouts.exitMs);
    });
  });

  // The second run is the learner's own way of starting it: no WORKERS, no PORT (where port 8000 is free).
  const defaults = await t.claimDefaults();
  const second = await t.step(`a second run, ${defaults.label}: every worker answers GET /`, async () => {
    return t.startWithDefaults(defaults);
  });
  await t.step(`Ctrl-C: SIGINT to the whole process group (the primary and every worker) while GET /slow?ms=${CTRL_C_MS} is in flight: prints "stopping", the request still gets "done\\n", no new worker starts, and the primary exits with code 0 within 5 s`, async () => {
    const slow = await slowInFlight(t, second, CTRL_C_MS);
    try {
      await t.withoutNewWorkers(second, newWorkerAfter(second, 'SIGINT'), async () => {
        await signalStop(t, second, 'SIGINT', 'group');
        const answered = await slow.answered;
        if (answered.outcome === 'failed') t.fail(droppedOnCtrlC(answered.failure));
        else t.expectAnswer(answered.answer, { body: 'done\n' }, { hint: slowDoneHint, request: `GET /slow?ms=${CTRL_C_MS} (in flight when SIGINT arrived)` });
        await expectCleanExit(t, second, 'SIGINT', timeouts.exitMs);
      });
    } catch (error) {
      // A worker that died of SIGINT is replaced when the primary sees its exit before its own SIGINT handler
      // runs (which comes first is the machine's choice): the dropped request is what went wrong.
      if (error instanceof Error && error.name === 'StepFailure') {
        const answered = await slow.answered;
        if (answered.outcome === 'failed') t.fail(droppedOnCtrlC(answered.failure));
      }
      throw error;
    }
  });
  if (!t.seesProcesses) {
    t.note(`no new worker after the signal was not checked, and "in flight" was reached by waiting ${IN_FLIGHT_GRACE_MS} ms: this platform has no /proc`);
  }
});
