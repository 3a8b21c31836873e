import {
  defineClusterCheck,
  expectRestart,
  IN_FLIGHT_GRACE_MS,
  quote,
  seconds,
  timeouts,
  type ClusterCheckContext,
  type ClusterRun,
  type FailureDetails,
  type HttpAnswer,
} from '../../src/checks/index.js';

const WORKERS = 2;
/** The first /slow request, answered before any signal: is /slow there, and slow? */
const PROBE_MS = 100;
/** The request in flight when SIGTERM arrives: long enough to be surely unfinished when the signal lands. */
const SLOW_MS = 600;

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

// Sends the signal to the primary's pid and expects `stopping`.
async function signalStop(t: ClusterCheckContext, run: ClusterRun, signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
  const from = run.program.lines('stdout').length;
  if (!run.program.kill(signal)) t.expectRunning(run, `it was sent ${signal}`);
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
function droppedInFlight(failure: FailureDetails): FailureDetails {
  const actual = failure.actual ?? failure.message;
  const why = /^(exited|was killed)/.test(actual) ? `the program ${actual} first` : actual;
  return {
    ...failure,
    message: `The request in flight when SIGTERM arrived (GET /slow?ms=${SLOW_MS}) got no answer: ${why}.`,
    actual: why,
    expected: '"done\\n": a request in flight is finished before the worker goes',
    hint: "Don't kill the workers (nor exit the primary) on SIGTERM: worker.disconnect() (or server.close() in the worker) stops new connections and lets the requests in flight finish; the worker exits after that, and the primary after its last worker.",
  };
}

// Waits for the primary's exit code 0 after the signal, and then for nothing of it to be left.
async function expectCleanExit(t: ClusterCheckContext, run: ClusterRun, signal: string, timeoutMs: number): Promise<void> {
  await t.expectExit(run.program, 0, {
    timeoutMs,
    after: `within ${seconds(timeoutMs)} of ${signal}`,
    hint: "Let the workers go (worker.disconnect() for each: it closes their servers, lets requests in flight finish, and they exit), and don't keep anything else alive in the primary: it then exits with code 0 by itself once the last worker is gone.",
  });
  await t.expectNothingLeft(run, {
    hint: 'The primary must wait for its workers: exit only once every worker has exited (without process.exit(), the primary ends by itself after its last worker).',
  });
}

export default defineClusterCheck(async (t) => {
  const { run, pids } = await startServing(t, '');

  await t.step('as lesson 9: SIGKILL a worker, the primary prints "<pid> died" and a replacement answers', async () => {
    await expectRestart(t, run, pids[0]!, pids, 'SIGKILL');
  });

  await t.step(`GET /slow?ms=${PROBE_MS} answers "done\\n" after at least ${PROBE_MS} ms`, async () => {
    const answer = await t.get(run, `/slow?ms=${PROBE_MS}`, { timeoutMs: PROBE_MS + timeouts.reactMs });
    expectDone(t, run, answer, `GET /slow?ms=${PROBE_MS}`);
    if (answer.durationMs < PROBE_MS) {
      t.fail({
        message: `GET /slow?ms=${PROBE_MS} answered after ${answer.durationMs} ms; expected at least ${PROBE_MS} ms.`,
        expected: `"done\\n" after ${PROBE_MS} ms or more`,
        actual: `after ${answer.durationMs} ms`,
        hint: "Answer /slow only once the time is up: setTimeout(() => res.end('done\\n'), Number(url.searchParams.get('ms'))).",
        program: run.program,
      });
    }
  });

  await t.step(`SIGTERM while GET /slow?ms=${SLOW_MS} is in flight: prints "stopping", the request still gets "done\\n", no new worker starts, and the primary exits with code 0`, async () => {
    let clientPort = 0;
    let onSent = () => {};
    const sent = new Promise<void>((resolve) => (onSent = resolve));
    const slow = t.request(run, `/slow?ms=${SLOW_MS}`, {
      timeoutMs: SLOW_MS + timeouts.exitMs,
      onSent: (port) => {
        clientPort = port;
        onSent();
      },
    });
    // A request that fails before it is sent ends the wait for "sent" too.
    slow.then(onSent, onSent);
    await sent;
    const early = await Promise.race([slow, t.waitUntilRequestRead(run, clientPort, { what: `GET /slow?ms=${SLOW_MS}` })]);
    if (early?.outcome === 'failed') t.fail(early.failure);
    await t.withoutNewWorkers(run, newWorkerAfter(run, 'SIGTERM'), async () => {
      await signalStop(t, run, 'SIGTERM');
      const answered = await slow;
      if (answered.outcome === 'failed') t.fail(droppedInFlight(answered.failure));
      else expectDone(t, run, answered.answer, `GET /slow?ms=${SLOW_MS} (in flight when SIGTERM arrived)`);
      await expectCleanExit(t, run, 'SIGTERM', timeouts.exitMs);
    });
  });

  const second = await startServing(t, 'a second run: ');
  await t.step('SIGINT (what Ctrl-C sends) with nothing in flight: prints "stopping", no new worker starts, and the primary exits with code 0 within 5 s', async () => {
    await t.withoutNewWorkers(second.run, newWorkerAfter(second.run, 'SIGINT'), async () => {
      await signalStop(t, second.run, 'SIGINT');
      await expectCleanExit(t, second.run, 'SIGINT', timeouts.exitMs);
    });
  });
  if (!t.seesProcesses) {
    t.note(`no new worker after the signal was not checked, and "in flight" was reached by waiting ${IN_FLIGHT_GRACE_MS} ms: this platform has no /proc`);
  }
});

// Checks a /slow answer: status 200 and the body "done\n".
function expectDone(t: ClusterCheckContext, run: ClusterRun, answer: HttpAnswer, request: string): void {
  if (answer.status === 200 && answer.body === 'done\n') return;
  t.fail({
    message: `${request} answered with status ${answer.status} and the body ${quote(answer.body)}; expected status 200 and "done\\n".`,
    expected: 'status 200, body "done\\n"',
    actual: `status ${answer.status}, body ${quote(answer.body)}`,
    hint: "Handle /slow in the worker: const url = new URL(req.url, 'http://localhost'); if (url.pathname === '/slow') setTimeout(() => res.end('done\\n'), Number(url.searchParams.get('ms'))).",
    program: run.program,
  });
}
