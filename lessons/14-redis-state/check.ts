import { type CheckRedis, DEFAULTS_HINT, defineCheck, quote, RedisCheckContext, type RedisRun, timeouts } from '../../src/checks/index.js';

const WORKERS = 2;
const SEQUENTIAL = 6;
const CONCURRENT = 20;
/** What GET /count answers: a number, alone. */
const PLAIN_NUMBER = /^\s*\d+\s*$/;

const inRedisHint = 'Keep the count in Redis: in every worker, send INCR for each GET / (await redis.incr(\'count\')) and answer /count with GET (Number(await redis.get(\'count\'))).';
const perWorkerHint = `Each worker is its own process with its own memory: a counter in a worker only counts what that worker served. ${inRedisHint}`;
const oneInstanceHint = `The count lives in one instance (in its primary, say), and the other instance, a second machine, keeps one of its own. ${inRedisHint}`;
const countFirstHint = "Some GET / were answered before they were counted: await the INCR before you answer (await redis.incr('count'); then res.end(…)), not after res.end() and not without await.";
const incrHint =
  "Reading the count (GET), adding one in JavaScript and writing it back (SET) is two commands: two requests at once both read the same value and both write the same value + 1, and one visit is lost. INCR adds one inside Redis in a single command: await redis.incr('count').";

// Who answered how many GET / so far: every worker (by x-worker-pid) and every instance (by port), and the
// count GET /count started from (0 in the workshop's empty Redis; the learner's Redis may hold an old one).
class Tally {
  base = 0;
  total = 0;
  readonly byWorker = new Map<string, number>();
  readonly byInstance = new Map<number, number>();

  get expected(): number {
    return this.base + this.total;
  }

  record(run: RedisRun, pid: unknown): void {
    this.total += 1;
    if (typeof pid === 'string') this.byWorker.set(pid, (this.byWorker.get(pid) ?? 0) + 1);
    this.byInstance.set(run.port, (this.byInstance.get(run.port) ?? 0) + 1);
  }
}

// GET / on a fresh connection: status 200 and "hello world\n", counted in the tally. While Redis holds writes
// back the answer waits for the check to let them go, so such a request gets the longer start deadline.
async function hello(t: RedisCheckContext, run: RedisRun, tally: Tally, held = false): Promise<void> {
  const answer = await t.get(run, '/', held ? { timeoutMs: timeouts.startMs } : {});
  t.expectAnswer(answer, { body: 'hello world\n' }, {
    request: `GET / on port ${run.port}`,
    hint: answer.status === 503 ? 'Your program could not reach Redis: answer 503 only when the INCR fails, and connect (await redis.connect()) before the server listens.' : 'GET / still answers as in lesson 8, while it is counted.',
  });
  tally.record(run, answer.headers['x-worker-pid']);
}

// GET /count: a plain number, and the worker that said it.
async function readCount(t: RedisCheckContext, run: RedisRun): Promise<{ count: number; pid: unknown }> {
  const answer = await t.get(run, '/count');
  t.expectAnswer(answer, { body: { pattern: PLAIN_NUMBER, described: 'a plain number' } }, {
    request: `GET /count on port ${run.port}`,
    hint: "Answer GET /count with the number alone; before the first GET / the key does not exist and GET gives null: res.end(`${Number(await redis.get('count'))}\\n`).",
  });
  return { count: Number(answer.body), pid: answer.headers['x-worker-pid'] };
}

// GET /count on every given instance, once per worker (round robin: a fresh connection each), must say the tally's total.
async function expectCount(t: RedisCheckContext, runs: readonly RedisRun[], tally: Tally, after: string, hint?: string): Promise<void> {
  const redis = await t.useRedis();
  for (const run of runs) {
    for (let ask = 0; ask < run.workers; ask++) {
      // Every GET / has been answered: a write Redis runs from now on came after its answer. (MONITOR shows
      // commands in the order Redis runs them; sync makes sure every one run so far is seen.)
      await redis.sync();
      const writesBefore = redis.writeCount;
      const { count, pid } = await readCount(t, run);
      if (count === tally.expected) continue;
      await redis.sync();
      const countedLate = count < tally.expected && redis.writeCount > writesBefore;
      const byWorker = typeof pid === 'string' ? tally.byWorker.get(pid) : undefined;
      const diagnosis =
        count > tally.expected
          ? { hint: 'Count GET / only (not /count itself, nor other paths), once per request.' }
          : countedLate
            ? { said: ', and Redis got another write from your program only after that', hint: countFirstHint }
            : count === byWorker && byWorker !== tally.total
            ? { said: ` (the GET / that worker ${String(pid)} served itself)`, hint: perWorkerHint }
            : count === tally.byInstance.get(run.port) && count !== tally.total
              ? { said: ` (the GET / the instance on port ${run.port} served itself)`, hint: oneInstanceHint }
              : { hint: hint ?? countFirstHint };
      t.fail({
        message: `After ${after}, GET /count on port ${run.port}${typeof pid === 'string' ? ` (worker ${pid})` : ''} said ${count}${diagnosis.said ?? ''}; expected ${tally.expected}${tally.base === 0 ? '' : ` (the ${tally.base} Redis held before, plus ${tally.total})`}, every GET / answered so far by both instances together.`,
        expected: String(tally.expected),
        actual: String(count),
        hint: diagnosis.hint,
        program: run.program,
      });
    }
  }
}

// The count as Redis holds it where the program keeps it: must be the tally's total too.
async function expectInRedis(t: RedisCheckContext, redis: CheckRedis, where: string, tally: Tally, after: string, run: RedisRun): Promise<void> {
  const kept = await redis.countAt(where);
  if (kept === tally.expected) return;
  t.fail({
    message: `After ${after}, Redis holds ${kept ?? 'no number'} at ${quote(where)}; expected ${tally.expected}.`,
    expected: String(tally.expected),
    actual: String(kept),
    hint: countFirstHint,
    program: run.program,
  });
}

export default defineCheck(RedisCheckContext, async (t: RedisCheckContext) => {
  const redis = await t.useRedis();
  const tally = new Tally();

  const runs = await t.step(`two instances start on two ports with the same REDIS_URL (WORKERS=${WORKERS} each) and listen`, async () => {
    const started = [await t.startInstance({ workers: WORKERS }), await t.startInstance({ workers: WORKERS })];
    await Promise.all(started.map((run) => t.waitForInstance(run)));
    return started;
  });
  const [first, second] = runs as [RedisRun, RedisRun];

  await t.step(redis.isPrivate ? 'GET /count says 0 before any GET / (the Redis is empty)' : 'GET /count says the same number on both instances before any GET /', async () => {
    const { count } = await readCount(t, first);
    tally.base = redis.isPrivate ? 0 : count;
    await expectCount(t, runs, tally, 'no GET / yet', "Answer /count with the value in Redis: GET gives null before the first INCR, and Number(null) is 0. Do not set the count when the program starts.");
  });

  await t.step('both instances answer GET / with "hello world\\n" and their pid in x-worker-pid, from every worker', async () => {
    for (const run of runs) {
      const { pids, answers } = await t.collectWorkers(run, { body: 'hello world\n' });
      t.expectWorkersOf(run, pids, { count: WORKERS, counting: 'alive' });
      for (const { answer } of answers) tally.record(run, answer.headers['x-worker-pid']);
    }
  });

  await t.step('GET /count on either instance gives the total of both', () => expectCount(t, runs, tally, `${tally.total} GET / answered by the workers of both instances`));

  const connectionsBefore = await redis.connectionsReceived();
  await t.step(`${SEQUENTIAL} more GET /, one after the other, to each instance in turn: GET /count on the other one follows each`, async () => {
    for (let request = 0; request < SEQUENTIAL; request++) {
      await hello(t, runs[request % 2]!, tally);
      await expectCount(t, [runs[(request + 1) % 2]!], tally, `GET / number ${tally.total} (sequential, sent to port ${runs[request % 2]!.port})`);
    }
  });

  await t.step(`one Redis client per worker, made once: those ${2 * SEQUENTIAL} requests opened no new connection to Redis`, async () => {
    const opened = (await redis.connectionsReceived()) - connectionsBefore;
    // A client per request opens one (or more) for every request; a worker's one client opens none.
    if (opened >= SEQUENTIAL) {
      t.fail({
        message: `Redis accepted ${opened} new connections while your program answered ${2 * SEQUENTIAL} requests (${SEQUENTIAL} GET / and ${SEQUENTIAL} GET /count): it opens a client for every request.`,
        expected: 'no new connection: each worker reuses the client it made at its start',
        actual: `${opened} new connections to Redis`,
        hint: "Make the client once per worker, when it starts, and reuse it for every request: const redis = createClient({ url: process.env.REDIS_URL }); await redis.connect(); before server.listen(). A connection per request costs a TCP handshake (and AUTH) each time, and a busy server runs Redis out of connections.",
        program: first.program,
      });
    }
  });

  const where = await t.step('the count is kept in the Redis at REDIS_URL', async () => {
    await redis.sync();
    const found = await redis.findCount(tally.expected);
    if (found) return found;
    const written = redis.writtenKeys();
    return t.fail({
      message:
        redis.programCommands.length === 0
          ? `Your program sent no command to the Redis at REDIS_URL, yet GET /count says ${tally.expected}: the count is kept somewhere else.`
          : `No key your program wrote in Redis holds ${tally.expected}, the count GET /count gives${written.length > 0 ? ` (it wrote ${written.slice(0, 5).map(quote).join(', ')})` : ' (it wrote no key)'}.`,
      expected: `a key in Redis holding ${tally.expected}`,
      actual: written.length > 0 ? `keys written: ${written.slice(0, 5).join(', ')}` : 'no key written',
      hint: `Connect with the URL the program is given, createClient({ url: process.env.REDIS_URL }), and keep the count there, not in memory or a file. ${inRedisHint}`,
      program: first.program,
    });
  });
  const key = where.split(' ')[0]!;

  const counted = 'a GET / is answered only once it is counted (Redis holds its writes back meanwhile)';
  const release = await redis.pauseWrites();
  if (!release) t.note(`${counted}: not checked, this Redis does not allow CLIENT PAUSE`);
  else {
    await t.step(counted, async () => {
      try {
        const before = await redis.countAt(where);
        let answeredHeld = false;
        const answered = hello(t, first, tally, true);
        answered.then(() => (answeredHeld = true), () => {});
        await Promise.race([answered, redis.waitForBlockedClients(1, timeouts.reactMs)]).catch(() => {});
        // A program that answers without waiting for its INCR may answer after it sent it (later, or when the
        // machine lets it run again): once it will do nothing more by itself, such an answer is here.
        await Promise.race([answered.catch(() => {}), t.untilAsleep([first.program])]);
        const held = await redis.countAt(where);
        if (answeredHeld && held === before) {
          t.fail({
            message: `GET / on port ${first.port} was answered while Redis was holding every write back: the count there was still ${before} when the answer came, so the request was counted after it was answered (if at all).`,
            expected: 'the answer only after the INCR has been done',
            actual: `the answer while the count was still ${before}`,
            hint: countFirstHint,
            program: first.program,
          });
        }
        await release();
        await answered;
        await expectInRedis(t, redis, where, tally, 'the held-back write went through', first);
      } finally {
        await release();
      }
    });
  }

  await t.step(`${CONCURRENT} GET / at once, spread over both instances: the count goes up by exactly ${CONCURRENT}`, async () => {
    const before = tally.expected;
    const hold = await redis.pauseWrites();
    try {
      const requests = Array.from({ length: CONCURRENT }, (_, index) => hello(t, runs[index % 2]!, tally, true));
      for (const request of requests) request.catch(() => {});
      // Writes held back until two programs' clients wait on one: a read-then-write has then read the same value twice.
      if (hold) await Promise.race([Promise.allSettled(requests), redis.waitForBlockedClients(2, timeouts.reactMs)]);
      await hold?.();
      await Promise.all(requests);
    } finally {
      await hold?.();
    }
    await redis.sync();
    const kept = await redis.countAt(where);
    if (redis.readsThenWrites(key)) {
      const lost = kept === undefined ? undefined : before + CONCURRENT - kept;
      t.fail({
        message:
          lost !== undefined && lost > 0
            ? `${CONCURRENT} GET / at once raised the count only by ${CONCURRENT - lost}: ${lost} of them were lost. Your program reads the count and writes it back (GET, then SET).`
            : `Your program reads the count and writes it back (GET, then SET): no update was lost this time, but two requests at once can both read the same value.`,
        expected: `the count up by ${CONCURRENT}, with INCR`,
        actual: `GET ${key} then SET ${key}${kept === undefined ? '' : `; the count is ${kept}, expected ${before + CONCURRENT}`}`,
        hint: incrHint,
        program: first.program,
      });
    }
    await expectCount(t, runs, tally, `${CONCURRENT} concurrent GET / (${tally.total} in all)`);
    await expectInRedis(t, redis, where, tally, `${CONCURRENT} concurrent GET /`, first);
  });

  await Promise.all(runs.map((run) => t.stopInstance(run)));
  // Started again the learner's own way: no WORKERS, no PORT (where port 8000 is free).
  const defaults = await t.claimDefaults();
  await t.step(`both instances stopped and one started again, ${defaults.label}: the count goes on`, async () => {
    const again = await t.startInstance({ workers: undefined, portUnset: defaults.portUnset });
    await t.waitForInstance(again, { hint: DEFAULTS_HINT });
    const restartHint = 'The count must outlive the program: do not set it when the program starts (INCR creates the key when it does not exist, and GET gives null before that).';
    await expectCount(t, [again], tally, 'both instances were stopped and one was started again', restartHint);
    await hello(t, again, tally);
    await expectCount(t, [again], tally, 'one more GET / after the restart', restartHint);
  });
});
