import { availableParallelism } from 'node:os';
import { defineCheck, seconds, ServerCheckContext, stillRunningFailure, timeouts, type InFlight, type RequestOutcome, type ServerAnswer, type ServerRun, type FailureDetails } from '../../src/checks/index.js';

/** fib(n) of the n the check sends: plain recursion takes about 1.5 s of CPU for 40, 0.15 s for 35. */
const FIB: Record<number, number> = { 0: 0, 1: 1, 10: 55, 30: 832_040, 35: 9_227_465, 40: 102_334_155 };
/** A computation long enough to be in flight while the check acts. */
const LONG = 40;
/** One that ends well before LONG's when both run at once (about a tenth of its work). */
const SHORT = 35;
/** One that needs a free thread for no time at all. */
const TINY = 10;
const BAD_N = ['', '-1', '2.5', 'abc', '46'];
const CPUS = availableParallelism();
/** THREADS set, one more than the CPUs: a program that always keeps one thread per CPU has one too few. */
const THREADS = CPUS + 1;
/** How many requests one after the other that must start no new thread. */
const ROUNDS = 4;
/**
 * A computation's deadline: bounds a wrong program, never met by a right one, even when fib(40) shares two
 * loaded cores with dozens of other threads (30 s was met so).
 */
const COMPUTE_MS = 12 * timeouts.startMs;

const poolHint =
  "Start THREADS workers once, when the program starts (new Worker(…) in a loop before server.listen), keep the idle ones in a list, and hand each computation to an idle one; when none is idle, queue it, and give it to the next worker that posts its result.";
const fibHint = 'Compute it by plain recursion in the worker: const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2)); fib(0) is 0 and fib(1) is 1.';
const numberBody = { pattern: /^\s*\d+\s*$/, described: 'a plain number' };

export default defineCheck(ServerCheckContext, async (t: ServerCheckContext) => {
  const run = await t.step(`starts with THREADS=${THREADS} and listens on PORT`, async () => {
    const run = await start(t, { THREADS: String(THREADS) });
    await t.waitForPort(run);
    return run;
  });
  const threads = t.watchThreads(run);

  await t.step('GET /ping answers "pong"', async () => {
    const answer = await t.get(run, '/ping');
    t.expectAnswer(answer, { body: { pattern: /^pong\n?$/, described: '"pong"' } }, { hint: "Answer /ping at once: res.end('pong\\n')." });
  });

  await t.step(`GET /fib?n=<n> answers the n-th Fibonacci number: n = 0, 1, ${TINY} and 30 give 0, 1, ${FIB[TINY]} and ${FIB[30]}`, async () => {
    for (const n of [0, 1, TINY, 30]) expectFib(t, await t.get(run, `/fib?n=${n}`, { timeoutMs: COMPUTE_MS }), n);
  });

  await t.step('a bad n gets status 400: missing, -1, 2.5, abc, 46 (over 45)', async () => {
    const hint = "Check n before you compute: const n = Number(url.searchParams.get('n')); a missing n, a negative one, one that is not an integer (Number.isInteger) or one over 45 gets res.writeHead(400).";
    for (const n of BAD_N) {
      // fib(46) by plain recursion takes half a minute: a program that computes it gets no answer in time.
      const answer = await t.get(run, n === '' ? '/fib' : `/fib?n=${n}`, { hint });
      t.expectAnswer(answer, { status: 400 }, { hint });
    }
  });

  await t.step(`GET /ping is answered while GET /fib?n=${LONG} is in flight (the event loop stays free)`, async () => {
    const { slow, quick } = await t.expectAnswerWhileInFlight(run, { slow: `/fib?n=${LONG}`, quick: '/ping' }, {
      timeoutMs: COMPUTE_MS,
      tooQuick: { before: 'the check could send GET /ping', expected: `fib(${LONG}) computed by plain recursion, which takes a while`, hint: `Compute fib by plain recursion, as the lesson asks: fib(${LONG}) then keeps a thread busy long enough for the check to see the event loop answer meanwhile.` },
      hint: "Your program computes on its main thread: while it does, its event loop runs nothing else. Compute in a worker thread (new Worker(…) from node:worker_threads), post it n, and answer when it posts the result back.",
    });
    t.expectAnswer(quick, { body: { pattern: /^pong\n?$/, described: '"pong"' } });
    expectFib(t, await answerOf(t, slow), LONG);
  });

  if (threads) {
    await t.step(`the pool is started once: ${ROUNDS} more GET /fib?n=${SHORT}, one after the other, start no new thread`, async () => {
      threads.look();
      const before = new Set(threads.ids);
      for (let round = 0; round < ROUNDS; round++) {
        expectFib(t, await t.get(run, `/fib?n=${SHORT}`, { timeoutMs: COMPUTE_MS }), SHORT);
        const started = [...threads.ids].filter((id) => !before.has(id));
        if (started.length > 0) {
          t.fail({
            message: `Your program started ${started.length === 1 ? 'a new thread' : `${started.length} new threads`} for ${round === 0 ? 'one more request' : `${round + 1} more requests`} (${started.length === 1 ? 'thread' : 'threads'} ${started.join(', ')}, seen in /proc/${run.program.pid}/task): it makes a worker per request instead of reusing its pool.`,
            expected: `the same ${THREADS} threads for every computation`,
            actual: `${started.length} new thread${started.length === 1 ? '' : 's'} after ${round + 1} GET /fib`,
            hint: `Starting a thread costs a new V8 isolate (some milliseconds and megabytes) for every request. ${poolHint}`,
            program: run.program,
          });
        }
      }
    });
  } else t.note('the pool is started once was not checked: this platform has no /proc to count the threads');

  await t.step(`THREADS=${THREADS}: ${THREADS - 1} GET /fib?n=${LONG} and a GET /fib?n=${SHORT} run at once (the short one ends first); with every thread busy again, a GET /fib?n=${TINY} waits its turn`, () =>
    expectPoolOf(t, run, THREADS, `THREADS=${THREADS}`),
  );

  await t.step(`SIGTERM while GET /fib?n=${LONG} is in flight: new connections are refused, the computation is finished and answered, the threads end, and the program exits with code 0`, () =>
    expectCleanStop(t, run, 'SIGTERM'),
  );

  const defaults = await t.claimDefaults();
  const unset = defaults.portUnset ? `THREADS and PORT unset (one thread per CPU, ${CPUS} here; port 8000)` : `THREADS unset (one thread per CPU, ${CPUS} here)`;
  const second = await t.step(`a second run, ${unset}: ${CPUS - 1} GET /fib?n=${LONG} and a GET /fib?n=${SHORT} run at once; with every thread busy again, a GET /fib?n=${TINY} waits its turn`, async () => {
    const second = await start(t, { THREADS: undefined }, defaults.portUnset);
    await t.waitForPort(second, { hint: 'Give every variable its default: Number(process.env.THREADS) || os.availableParallelism() threads, and listen on Number(process.env.PORT) || 8000.' });
    await expectPoolOf(t, second, CPUS, `THREADS unset (one per CPU: os.availableParallelism() is ${CPUS} here)`);
    return second;
  });

  await t.step(`Ctrl-C (SIGINT) while GET /fib?n=${LONG} is in flight: the computation is finished and answered, and the program exits with code 0`, () => expectCleanStop(t, second, 'SIGINT'));
});

// Starts the program with the environment given (THREADS), on a free PORT or with PORT unset. Its threads
// compute in silence for seconds, and each holds an isolate of its own: both bounds grow with them.
function start(t: ServerCheckContext, env: Record<string, string | undefined>, portUnset = false): Promise<ServerRun> {
  return t.startServer({ env, portUnset, busyCpuMs: 20_000 * (THREADS + 1), memoryLimitMb: 512 + 32 * THREADS });
}

// Checks a /fib answer: status 200 and fib(n) as a plain number.
function expectFib(t: ServerCheckContext, answer: ServerAnswer, n: number): void {
  t.expectAnswer(answer, { body: numberBody }, { hint: 'Answer with the number alone: res.end(`${result}\\n`).' });
  const got = Number(answer.body);
  if (got === FIB[n]) return;
  t.fail({
    message: `GET /fib?n=${n} answered ${got}; fib(${n}) is ${FIB[n]}.`,
    expected: String(FIB[n]),
    actual: String(got),
    hint: fibHint,
    program: answer.run.program,
  });
}

// The answer of a request kept in flight; fails with its failure when it got none.
async function answerOf(t: ServerCheckContext, request: InFlight): Promise<ServerAnswer> {
  const ended = await request.answered;
  return ended.outcome === 'failed' ? t.fail(ended.failure) : ended.answer;
}

/**
 * A pool of `threads`, judged by order, in two rounds. First threads - 1 long computations and then a short
 * one all run at once: the short one ends before every long one (had it waited for a thread, it would end
 * after one). Then, with threads long ones running, a tiny one waits its turn: it ends after a long one (had
 * it run at once, it would end first). Each round starts with every thread idle, so a pool that hands out
 * computations in turn fills every thread as one that picks an idle one does.
 */
async function expectPoolOf(t: ServerCheckContext, run: ServerRun, threads: number, setting: string): Promise<void> {
  // A long one that ended while the short one waited for its answer: the short one waited for its thread.
  const first = await roundWithEveryLongInFlight(t, run, threads - 1, SHORT, setting);
  if (first?.endedMeanwhile) {
    t.fail({
      message: `With ${setting}, GET /fib?n=${SHORT} ended after a GET /fib?n=${LONG} sent before it, though it is a tenth of the work: it waited for a thread, so fewer than ${threads} computations ran at once.`,
      expected: `${threads} computations at once (${setting})`,
      actual: `GET /fib?n=${SHORT} answered after GET /fib?n=${LONG}`,
      hint: `Start Number(process.env.THREADS) || os.availableParallelism() worker threads, and give a computation to any idle one. ${poolHint}`,
      program: run.program,
    });
  }
  // No long one ended before the tiny one's answer: it ran beside all of them.
  const second = await roundWithEveryLongInFlight(t, run, threads, TINY, setting);
  if (second && !second.endedMeanwhile) {
    t.fail({
      message: `With ${setting}, GET /fib?n=${TINY} was answered while all ${threads} threads computed fib(${LONG}): more than ${threads} computations ran at once.`,
      expected: `at most ${threads} computations at once (${setting}); the others wait their turn`,
      actual: `GET /fib?n=${TINY} answered before any GET /fib?n=${LONG} in flight`,
      hint: `Keep exactly Number(process.env.THREADS) || os.availableParallelism() threads, and queue a computation that finds none idle. ${poolHint}`,
      program: run.program,
    });
  }
}

/** How often a round is tried before it is given up as not checked (see roundWithEveryLongInFlight). */
const ATTEMPTS = 3;

/**
 * longsThen, tried again while a long one ends before the last request is sent (a busy machine slowed the
 * check): a thread was free then, and the order says nothing of the pool. Undefined, with a note, when no
 * try of ATTEMPTS had every long one in flight.
 */
async function roundWithEveryLongInFlight(t: ServerCheckContext, run: ServerRun, count: number, n: number, setting: string): Promise<{ endedMeanwhile: boolean } | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const round = await longsThen(t, run, count, n);
    if (!round.endedBefore) return round;
  }
  t.note(`GET /fib?n=${n} beside ${count} GET /fib?n=${LONG} (${setting}) was not checked: in ${ATTEMPTS} tries a GET /fib?n=${LONG} ended before the check could send GET /fib?n=${n} (the machine is too busy)`);
  return undefined;
}

/**
 * Keeps `count` GET /fib?n=LONG in flight, then sends GET /fib?n=<n> and waits for its answer: resolves, once
 * every answer is in and right, with whether a long one ended while it waited, and before it was sent.
 */
async function longsThen(t: ServerCheckContext, run: ServerRun, count: number, n: number): Promise<{ endedMeanwhile: boolean; endedBefore: boolean }> {
  const longs: InFlight[] = [];
  let ended = 0;
  for (let index = 0; index < count; index++) {
    const long = await t.inFlight(run, `/fib?n=${LONG}`, { timeoutMs: COMPUTE_MS });
    void long.answered.then(() => ended++);
    longs.push(long);
  }
  // On a loaded machine a long one may end before the check has seen every one read and sent the last.
  const endedBefore = ended;
  // Sent, not kept in flight: a right program may answer it before the check would see it read.
  const last = await t.request(run, `/fib?n=${n}`, { timeoutMs: COMPUTE_MS });
  const endedMeanwhile = ended > endedBefore;
  expectComputed(t, last, n);
  for (const long of longs) expectComputed(t, await long.answered, LONG);
  return { endedMeanwhile, endedBefore: endedBefore > 0 };
}

// Checks that a request got fib(n), failing with its failure when it got no answer.
function expectComputed(t: ServerCheckContext, outcome: RequestOutcome, n: number): void {
  if (outcome.outcome === 'failed') t.fail(outcome.failure);
  expectFib(t, outcome.answer, n);
}

// Sends the signal while a computation is in flight: the port closes, the computation is answered, and the
// program exits with code 0.
async function expectCleanStop(t: ServerCheckContext, run: ServerRun, signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
  const request = await t.inFlight(run, `/fib?n=${LONG}`, { timeoutMs: COMPUTE_MS });
  if (!(signal === 'SIGINT' ? run.program.killGroup(signal) : run.program.kill(signal))) t.expectRunning(run, `it was sent ${signal}`);
  await t.expectStopsAccepting(run, { after: `after ${signal}, while a computation was in flight`, hint: `Stop taking connections on ${signal}: process.on('${signal}', () => server.close(…)); server.close() lets the requests in flight finish.` });
  const ended = await request.answered;
  if (ended.outcome === 'failed') t.fail(droppedInFlight(ended.failure, signal));
  expectFib(t, ended.answer, LONG);
  const exited = await t.untilExit(run.program, { timeoutMs: timeouts.exitMs });
  const expected = `exit with code 0 within ${seconds(timeouts.exitMs)} of its last answer`;
  if (exited.outcome === 'timeout') t.fail(stillRunningFailure(run.program, exited, expected, "Once the server has closed, end the threads: await Promise.all(workers.map((worker) => worker.terminate())). A worker thread that is still there keeps the program running."));
  if (exited.exit.code !== 0) t.fail({ message: `The program ${exited.exit.signal ? `was killed by ${exited.exit.signal}` : `exited with code ${exited.exit.code}`} after ${signal}; it should ${expected}.`, expected, actual: exited.exit.signal ?? `code ${exited.exit.code}`, hint: 'Let the program end by itself once the server is closed and the threads are terminated, or call process.exit(0) then.', program: run.program });
}

// However it shows (the connection cut, or the program gone first), the computation in flight was dropped.
function droppedInFlight(failure: FailureDetails, signal: string): FailureDetails {
  const actual = failure.actual ?? failure.message;
  const why = /^(exited|was killed)/.test(actual) ? `the program ${actual} first` : actual;
  return {
    ...failure,
    message: `The computation in flight when ${signal} arrived (GET /fib?n=${LONG}) got no answer: ${why}.`,
    actual: why,
    expected: `fib(${LONG}) answered: the computations in flight finish before the program goes`,
    hint: `Handle the signal: process.on('${signal}', () => server.close(async () => { await Promise.all(workers.map((worker) => worker.terminate())); })). server.close() stops new connections and waits for the requests in flight; process.exit() at once, or no handler at all, drops them.`,
  };
}
