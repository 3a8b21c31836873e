import { availableParallelism } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-16';
/** A verification computes fib(40) a few times over on every thread: seconds of CPU each, shared with the tests beside it. */
const SLOW = 300_000;
const file = (name: string) => fixture('lessons', `16-worker-threads/${name}`);
const CPUS = availableParallelism();
const THREADS = CPUS + 1;
const STARTS = `starts with THREADS=${THREADS} and listens on PORT`;
const FIB = 'GET /fib?n=<n> answers the n-th Fibonacci number: n = 0, 1, 10 and 30 give 0, 1, 55 and 832040';
const BAD_N = 'a bad n gets status 400: missing, -1, 2.5, abc, 46 (over 45)';
const PING = 'GET /ping is answered while GET /fib?n=40 is in flight (the event loop stays free)';
const ONCE = 'the pool is started once: 4 more GET /fib?n=35, one after the other, start no new thread';
const POOL = `THREADS=${THREADS}: ${THREADS - 1} GET /fib?n=40 and a GET /fib?n=35 run at once (the short one ends first); with every thread busy again, a GET /fib?n=10 waits its turn`;
const SIGTERM = 'SIGTERM while GET /fib?n=40 is in flight: new connections are refused, the computation is finished and answered, the threads end, and the program exits with code 0';
// Port 8000 is free on the machines the tests run on; every verification takes its turn with it.
const SECOND = `a second run, THREADS and PORT unset (one thread per CPU, ${CPUS} here; port 8000): ${CPUS - 1} GET /fib?n=40 and a GET /fib?n=35 run at once; with every thread busy again, a GET /fib?n=10 waits its turn`;
const SIGINT = 'Ctrl-C (SIGINT) while GET /fib?n=40 is in flight: the computation is finished and answered, and the program exits with code 0';

// The right programs one after the other: each holds port 8000 for its whole second run (seconds of fib on
// every thread), and every verification on the machine waits its turn for it.
describe('lesson 16: worker threads, right programs', () => {
  it('passes the reference solution, all steps', { timeout: SLOW }, async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '16-worker-threads.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([STARTS, 'GET /ping answers "pong"', FIB, BAD_N, PING, ONCE, POOL, SIGTERM, SECOND, SIGINT]);
  });

  it.each([['round-robin.cjs'], ['typescript/16-worker-threads.ts']])('passes %s', { timeout: SLOW }, async (name) => {
    expectPass(await verifyFile(lesson, file(name)));
  });
});

describe.concurrent('lesson 16: worker threads, wrong programs', () => {
  it('fails the starter', { timeout: SLOW }, async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '16-worker-threads', 'starter.js')), BAD_N, /GET \/fib answered with status 200 and the body "\d+\\n"; expected status 400\./);
  });

  const wrong: [name: string, step: string, message: RegExp][] = [
    ['wrong-fib.js', FIB, /GET \/fib\?n=0 answered 1; fib\(0\) is 0\./],
    ['accepts-bad-n.js', BAD_N, /GET \/fib answered with status 200 and the body "0\\n"; expected status 400\./],
    ['computes-on-main-thread.js', PING, /GET \/ping was answered only after GET \/fib\?n=40 \([\d.]+ m?s after it was sent\): while GET \/fib\?n=40 was in flight, the program answered nothing else\.[\s\S]*Compute in a worker thread/],
    ['computes-iteratively.js', PING, /GET \/fib\?n=40 answered after \d+ ms, before the check could send GET \/ping; it should take its full time\.[\s\S]*plain recursion/],
    ['worker-per-request.js', ONCE, /Your program started a new thread for one more request \(thread \d+, seen in \/proc\/\d+\/task\): it makes a worker per request instead of reusing its pool\./],
    ['ignores-threads.js', POOL, new RegExp(`With THREADS=${THREADS}, GET /fib\\?n=35 ended after a GET /fib\\?n=40 sent before it, though it is a tenth of the work: it waited for a thread, so fewer than ${THREADS} computations ran at once\\.`)],
    ['grows-when-busy.js', POOL, new RegExp(`With THREADS=${THREADS}, GET /fib\\?n=10 was answered while all ${THREADS} threads computed fib\\(40\\): more than ${THREADS} computations ran at once\\.`)],
    ['no-signal-handler.js', SIGTERM, /The computation in flight when SIGTERM arrived \(GET \/fib\?n=40\) got no answer: [\s\S]*server\.close\(\)/],
    ['exits-at-once.js', SIGTERM, /The computation in flight when SIGTERM arrived \(GET \/fib\?n=40\) got no answer/],
    ['keeps-threads.js', SIGTERM, /The program (did not exit: the program is still running, but idle|was still running 5 s later)[\s\S]*worker\.terminate\(\)/],
    ['no-port-default.js', SECOND, /Your program listens on \d+; PORT was unset, so it should use the default, 8000\./],
  ];
  // One thread when THREADS is unset: on a one-CPU machine that is the default, and right.
  if (CPUS > 1) wrong.push(['no-threads-default.js', SECOND, /With THREADS unset \(one per CPU: os\.availableParallelism\(\) is \d+ here\), GET \/fib\?n=35 ended after a GET \/fib\?n=40 sent before it/]);
  it.each(wrong)('fails %s', { timeout: SLOW }, async (name, step, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });
});
