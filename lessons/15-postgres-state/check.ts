import {
  CheckPostgres,
  ClusterCheckContext,
  type ClusterRun,
  DEFAULTS_HINT,
  defineCheck,
  type ServerAnswer,
  missingPackage,
  missingPackageFailure,
  type RequestOutcome,
  timeouts,
} from '../../src/checks/index.js';

const WORKERS = 2;
/** DB_CONNECTIONS of each instance: its workers' pools together (3 each); the server takes both instances' and refuses one more. */
const CONNECTIONS = 6;
const SEQUENTIAL = 6;
/** More at once than both instances' pools hold (2 × 6), and than a default pool of 10 per worker may open on a server that takes 12. */
const CONCURRENT = 40;

const oneStatement = 'UPDATE counter SET n = n + 1 WHERE id = 1';
const inDatabaseHint = `Keep the count in a table of the database at DATABASE_URL: the primary creates it (CREATE TABLE IF NOT EXISTS counter (id int PRIMARY KEY, n bigint NOT NULL), and the row with INSERT … ON CONFLICT DO NOTHING) before it forks; every worker runs ${oneStatement} for each GET / and SELECT n FROM counter WHERE id = 1 for /count.`;
const perWorkerHint = `Each worker is its own process with its own memory: a counter in a worker only counts what that worker served. ${inDatabaseHint}`;
const oneInstanceHint = `The count lives in one instance (in its primary, say), and the other instance, a second machine, keeps one of its own. ${inDatabaseHint}`;
const countFirstHint = `Some GET / were answered before they were counted: await the UPDATE before you answer (await pool.query('${oneStatement}'); then res.end(…)), not after res.end() and not without await.`;
const lostUpdateHint = `A SELECT, then an UPDATE with the value plus one, is two statements: two requests at once both read the same value and both write the same value + 1, and one visit is lost. One statement adds one inside the database, under the row's lock, so the second waits for the first and adds to its result: ${oneStatement} (RETURNING n if you want the new value), or INSERT … ON CONFLICT (id) DO UPDATE SET n = counter.n + 1.`;
const poolHint = `Every worker has its own pool, and node-postgres' pool opens up to 10 connections by default: WORKERS × 10 can be more than the database accepts. Size each worker's pool so that all of them together stay within DB_CONNECTIONS: new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Math.floor(Number(process.env.DB_CONNECTIONS) / workers) }). The pool queues the requests it has no connection for.`;
const createOnceHint = 'Create the table in the primary, before cluster.fork(): await client.query(\'CREATE TABLE IF NOT EXISTS …\'), then fork. Workers that each run CREATE TABLE IF NOT EXISTS at the same time race: PostgreSQL can fail all but one of them ("duplicate key value violates unique constraint"), even with IF NOT EXISTS.';

// Who answered how many GET / so far: every worker (by x-worker-pid) and every instance (by port), and the
// count GET /count started from (0 in the workshop's empty database; the learner's may hold an old one).
class Tally {
  base = 0;
  total = 0;
  readonly byWorker = new Map<string, number>();
  readonly byInstance = new Map<number, number>();

  get expected(): number {
    return this.base + this.total;
  }

  record(run: ClusterRun, pid: unknown): void {
    this.total += 1;
    if (typeof pid === 'string') this.byWorker.set(pid, (this.byWorker.get(pid) ?? 0) + 1);
    this.byInstance.set(run.port, (this.byInstance.get(run.port) ?? 0) + 1);
  }
}

// Starts an instance on a free PORT (or, `portUnset`, none) with WORKERS (undefined: unset), DATABASE_URL and DB_CONNECTIONS.
function startInstance(t: ClusterCheckContext, db: CheckPostgres, options: { workers: number | undefined; portUnset?: boolean }): Promise<ClusterRun> {
  return t.startCluster({ ...options, env: { DATABASE_URL: db.url, DB_CONNECTIONS: String(CONNECTIONS) } });
}

// Waits until the instance listens; one that stopped for a reason of this lesson fails with it.
async function waitForInstance(t: ClusterCheckContext, run: ClusterRun, hint?: string): Promise<void> {
  try {
    // Twice the usual start deadline, never ended as asleep: the primary waits for the database before it forks.
    await t.waitForPort(run, { timeoutMs: 2 * timeouts.startMs, asleepWithinMs: 0, hint });
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'StepFailure') throw error;
    const stderr = run.program.stderr.text;
    const name = missingPackage(stderr);
    if (name) t.fail(missingPackageFailure(name, run.program));
    if (/duplicate key value violates unique constraint|already exists/.test(stderr)) {
      t.fail({ message: 'Your program failed to create its table: more than one process ran CREATE TABLE at the same time.', expected: 'the table created once, by the primary, before it forks', actual: excerptOf(stderr, /duplicate key value|already exists/), hint: createOnceHint, program: run.program });
    }
    throw error;
  }
}

// GET / on a fresh connection: status 200 and "hello world\n", counted in the tally.
async function hello(t: ClusterCheckContext, run: ClusterRun, tally: Tally, options: { held?: boolean; hint?: string } = {}): Promise<ServerAnswer> {
  const answer = await t.get(run, '/', options.held ? { timeoutMs: timeouts.startMs } : {});
  expectHello(t, run, answer, options.hint);
  tally.record(run, answer.headers['x-worker-pid']);
  return answer;
}

function expectHello(t: ClusterCheckContext, run: ClusterRun, answer: ServerAnswer, hint?: string): void {
  const stderr = run.program.stderr.text;
  const noTable = /relation "[^"]*" does not exist/.exec(stderr)?.[0];
  t.expectAnswer(answer, { body: 'hello world\n' }, {
    request: `GET / on port ${run.port}`,
    hint: tooManyClients(stderr + answer.body) ? poolHint : noTable ? `Your program's database says ${noTable}. ${createOnceHint}` : (hint ?? 'GET / still answers as in lesson 8, while it is counted.'),
  });
}

// GET /count: a plain number, and the worker that said it.
async function readCount(t: ClusterCheckContext, run: ClusterRun): Promise<{ count: number; pid: unknown }> {
  const sent = await t.request(run, '/count');
  const noTable = /relation "[^"]*" does not exist/.exec(run.program.stderr.text + (sent.outcome === 'answered' ? sent.answer.body : ''))?.[0];
  if (noTable) {
    t.fail({
      message: `GET /count on port ${run.port} found no table: the database says ${noTable}.`,
      expected: 'the table created by the primary before it forks',
      actual: noTable,
      hint: `The database starts empty: nothing is there until your program creates it. ${createOnceHint}`,
      program: run.program,
    });
  }
  const answer = answerOf(t, sent);
  t.expectAnswer(answer, { body: { pattern: /^\s*\d+\s*$/, described: 'a plain number' } }, {
    request: `GET /count on port ${run.port}`,
    hint: "Answer GET /count with the number alone: const { rows } = await pool.query('SELECT n FROM counter WHERE id = 1'); res.end(`${rows[0].n}\\n`).",
  });
  return { count: Number(answer.body), pid: answer.headers['x-worker-pid'] };
}

// GET /count on every given instance, once per worker (round robin: a fresh connection each), must say the tally's total.
async function expectCount(t: ClusterCheckContext, runs: readonly ClusterRun[], tally: Tally, after: string, hint?: string): Promise<void> {
  for (const run of runs) {
    for (let ask = 0; ask < run.workers; ask++) {
      const { count, pid } = await readCount(t, run);
      if (count === tally.expected) continue;
      const byWorker = typeof pid === 'string' ? tally.byWorker.get(pid) : undefined;
      const diagnosis =
        count > tally.expected
          ? { hint: 'Count GET / only (not /count itself, nor other paths), once per request.' }
          : count === byWorker && byWorker !== tally.total
            ? { said: ` (the GET / that worker ${String(pid)} served itself)`, hint: perWorkerHint }
            : count === tally.byInstance.get(run.port) && count !== tally.total
              ? { said: ` (the GET / the instance on port ${run.port} served itself)`, hint: oneInstanceHint }
              : { hint: hint ?? countFirstHint };
      t.fail({
        message: `After ${after}, GET /count on port ${run.port}${typeof pid === 'string' ? ` (worker ${pid})` : ''} said ${count}${diagnosis.said ?? ''}; expected ${tally.expected}${tally.base === 0 ? '' : ` (the ${tally.base} the database held before, plus ${tally.total})`}, every GET / answered so far by both instances together.`,
        expected: String(tally.expected),
        actual: String(count),
        hint: diagnosis.hint,
        program: run.program,
      });
    }
  }
}

// The count as the program's table holds it: the one number in its rows that GET /count gave (undefined: none).
async function countIn(db: CheckPostgres, table: string, expected?: number): Promise<number | undefined> {
  const numbers = ((await db.readTable(table)) ?? []).flatMap((row) => Object.values(row)).filter((value) => /^\d+$/.test(String(value))).map(Number);
  if (expected !== undefined && numbers.includes(expected)) return expected;
  return numbers.length === 1 ? numbers[0] : Math.max(...numbers, -1) < 0 ? undefined : Math.max(...numbers);
}

async function expectInTable(t: ClusterCheckContext, db: CheckPostgres, table: string, tally: Tally, after: string, run: ClusterRun, hint: string): Promise<void> {
  const kept = await countIn(db, table, tally.expected);
  if (kept === tally.expected) return;
  t.fail({
    message: `After ${after}, the table ${table} holds ${kept ?? 'no number'}; expected ${tally.expected}${kept !== undefined && kept < tally.expected ? `: ${tally.expected - kept} GET / were lost` : ''}.`,
    expected: String(tally.expected),
    actual: String(kept),
    hint,
    program: run.program,
  });
}

function answerOf(t: ClusterCheckContext, sent: RequestOutcome): ServerAnswer {
  return sent.outcome === 'failed' ? t.fail(sent.failure) : sent.answer;
}

function tooManyClients(text: string): boolean {
  return /too many clients already|remaining connection slots are reserved/.test(text);
}

function excerptOf(text: string, pattern: RegExp): string {
  return text.split('\n').find((line) => pattern.test(line))?.trim() ?? '';
}

export default defineCheck(ClusterCheckContext, async (t: ClusterCheckContext) => {
  // Room for both instances' DB_CONNECTIONS: the server refuses the connection past them, as a full database does.
  const db = await CheckPostgres.provide({ connections: 2 * CONNECTIONS, signal: t.settings.signal, env: t.settings.baseEnv });
  t.cleanups.push(() => db.close());
  const tally = new Tally();

  // One after the other: two primaries that create the table at the same moment would race as workers do.
  const runs = await t.step(`two instances start, one after the other, on two ports with the same DATABASE_URL (WORKERS=${WORKERS}, DB_CONNECTIONS=${CONNECTIONS} each) and listen; each creates its table in the primary, not in every worker`, async () => {
    const started: ClusterRun[] = [];
    for (let instance = 0; instance < 2; instance++) {
      const run = await startInstance(t, db, { workers: WORKERS });
      started.push(run);
      await waitForInstance(t, run);
    }
    // Every connection that ran CREATE TABLE: one per primary, or one per worker when the workers race.
    await db.sync();
    const creators = new Set(db.statements.filter((statement) => /^\s*create\s+table/i.test(statement.text)).map((statement) => statement.pid));
    if (creators.size > started.length) {
      t.fail({
        message: `Your program ran CREATE TABLE on ${creators.size} connections while two instances started: every worker creates the table, all of them at the same time.`,
        expected: 'CREATE TABLE in each primary, before it forks',
        actual: `CREATE TABLE on ${creators.size} connections`,
        hint: createOnceHint,
        program: started[0]!.program,
      });
    }
    return started;
  });
  const [first, second] = runs as [ClusterRun, ClusterRun];
  // Read now, judged once the count is known to be in the database: a table made later was not made before the workers served.
  const tablesAtStart = await db.tables();

  await t.step(db.isPrivate ? 'GET /count says 0 before any GET / (the database is empty)' : 'GET /count says the same number on both instances before any GET /', async () => {
    const { count } = await readCount(t, first);
    tally.base = db.isPrivate ? 0 : count;
    await expectCount(t, runs, tally, 'no GET / yet', 'Answer /count with the value in the table. Do not set the count when the program starts when the row is there already: INSERT … ON CONFLICT DO NOTHING.');
  });

  await t.step('both instances answer GET / with "hello world\\n" and their pid in x-worker-pid, from every worker', async () => {
    for (const run of runs) {
      const { pids, answers } = await t.collectWorkers(run, { body: 'hello world\n' });
      t.expectWorkersOf(run, pids, { count: WORKERS, counting: 'alive' });
      for (const { answer } of answers) tally.record(run, answer.headers['x-worker-pid']);
    }
  });

  await t.step('GET /count on either instance gives the total of both', () => expectCount(t, runs, tally, `${tally.total} GET / answered by the workers of both instances`));

  await t.step(`${SEQUENTIAL} more GET /, one after the other, to each instance in turn: GET /count on the other one follows each`, async () => {
    for (let request = 0; request < SEQUENTIAL; request++) {
      await hello(t, runs[request % 2]!, tally);
      await expectCount(t, [runs[(request + 1) % 2]!], tally, `GET / number ${tally.total} (sequential, sent to port ${runs[request % 2]!.port})`);
    }
  });

  await t.step('the primary created the table before it forked: it was there before the first GET /', async () => {
    if (tablesAtStart.length > 0) return;
    const now = await db.tables();
    t.fail({
      message:
        now.length > 0
          ? `Your program created its table (${now.join(', ')}) only after both instances listened: the workers create it while they serve.`
          : `Both instances serve, and the database at DATABASE_URL has no table of your program's${db.isPrivate ? ' (it started empty)' : ''}.`,
      expected: 'a table for the count, created by the primary before it forks',
      actual: now.length > 0 ? 'created after the workers listened' : 'no table',
      hint: `The database starts empty: nothing is there until your program creates it. ${createOnceHint}`,
      program: first.program,
    });
  });

  const counter = await t.step('the count is kept in a table of the database at DATABASE_URL', async () => {
    const tables = await db.tables();
    for (const name of tables) if ((await countIn(db, name, tally.expected)) === tally.expected) return name;
    await db.sync();
    return t.fail({
      message:
        db.isPrivate && db.statements.length === 0
          ? `Your program sent no statement to the database at DATABASE_URL, yet GET /count says ${tally.expected}: the count is kept somewhere else.`
          : `No table of your program's holds ${tally.expected}, the count GET /count gives${tables.length > 0 ? ` (its tables: ${tables.join(', ')})` : ' (it has no table)'}.`,
      expected: `a row in a table holding ${tally.expected}`,
      actual: tables.length > 0 ? `tables: ${tables.join(', ')}` : 'no table',
      hint: `Connect with the URL the program is given, new pg.Pool({ connectionString: process.env.DATABASE_URL }), and keep the count there, not in memory or a file. ${inDatabaseHint}`,
      program: first.program,
    });
  });

  await t.step("two GET / at once while the check holds the count's row lock (SELECT … FOR UPDATE): both wait, neither is answered before it is counted, and both are counted", async () => {
    const before = tally.expected;
    const lock = await db.holdRowLock(counter);
    try {
      let answeredHeld = false;
      const requests = [first, second].map((run) => t.request(run, '/', { timeoutMs: timeouts.startMs }));
      requests.forEach((request) => request.then(() => (answeredHeld = true)));
      const answered = Promise.all(requests);
      // The one statement waits for the lock; a SELECT-then-UPDATE has then read the old value twice.
      await Promise.race([answered, db.waitForLockWaiters(2, timeouts.reactMs)]);
      // A program that answers without waiting for its UPDATE may answer after it sent it: once neither
      // instance will do anything more by itself, such an answer has been written, and is read here.
      await Promise.race([answered, t.untilAsleep([first.program, second.program])]);
      if (answeredHeld && (await countIn(db, counter, before)) === before) {
        t.fail({
          message: `GET / was answered while the check held the count's row lock: the count was still ${before}, so the request was counted after it was answered (if at all).`,
          expected: 'the answer only once the UPDATE is done',
          actual: `an answer while the count was still ${before}`,
          hint: countFirstHint,
          program: first.program,
        });
      }
      await lock.release();
      for (const [index, request] of requests.entries()) {
        const answer = answerOf(t, await request);
        expectHello(t, runs[index]!, answer);
        tally.record(runs[index]!, answer.headers['x-worker-pid']);
      }
    } finally {
      await lock.release();
    }
    await expectInTable(t, db, counter, tally, 'two GET / at once', first, lostUpdateHint);
    await expectCount(t, runs, tally, 'two GET / at once', lostUpdateHint);
  });

  await t.step(`${CONCURRENT} GET / at once, spread over both instances, while the row is locked: each worker's pool stays within DB_CONNECTIONS ÷ WORKERS, every answer is 200 and counted`, async () => {
    const lock = await db.holdRowLock(counter);
    let requests: ReturnType<typeof t.request>[] = [];
    try {
      requests = Array.from({ length: CONCURRENT }, (_, index) => t.request(runs[index % 2]!, '/', { timeoutMs: timeouts.startMs }));
      // Every connection the pools may open waits for the lock: the pools are as full as they get.
      if (db.isPrivate) await Promise.race([Promise.all(requests), db.waitForLockWaiters(2 * CONNECTIONS, timeouts.reactMs)]);
    } finally {
      await lock.release();
    }
    for (const [index, request] of requests.entries()) {
      const run = runs[index % 2]!;
      const sent = await request;
      if (sent.outcome === 'failed' && tooManyClients(run.program.stderr.text)) {
        t.fail({ message: `With ${CONCURRENT} GET / at once, your program asked the database for more connections than DB_CONNECTIONS=${CONNECTIONS} allows each instance, and the database refused: "too many clients already".`, expected: `at most ${Math.floor(CONNECTIONS / WORKERS)} connections per worker`, actual: excerptOf(run.program.stderr.text, /too many clients/), hint: poolHint, program: run.program });
      }
      const answer = answerOf(t, sent);
      expectHello(t, run, answer);
      tally.record(run, answer.headers['x-worker-pid']);
    }
    await expectInTable(t, db, counter, tally, `${CONCURRENT} GET / at once`, first, lostUpdateHint);
    await expectCount(t, runs, tally, `${CONCURRENT} concurrent GET / (${tally.total} in all)`, lostUpdateHint);
  });

  await Promise.all(runs.map((run) => run.program.stop()));
  // Started again the learner's own way: no WORKERS, no PORT (where port 8000 is free).
  const defaults = await t.claimDefaults();
  const again = await t.step(`both instances stopped and one started again, ${defaults.label}: the count goes on`, async () => {
    const run = await startInstance(t, db, { workers: undefined, portUnset: defaults.portUnset });
    await waitForInstance(t, run, DEFAULTS_HINT);
    const restartHint = 'The count must outlive the program: create the table and its row only when they are missing (CREATE TABLE IF NOT EXISTS, INSERT … ON CONFLICT DO NOTHING), never reset the count at start.';
    await expectCount(t, [run], tally, 'both instances were stopped and one was started again', restartHint);
    await hello(t, run, tally);
    await expectCount(t, [run], tally, 'one more GET / after the restart', restartHint);
    return run;
  });

  await t.step('on SIGTERM the workers end their pools and the program exits with code 0', async () => {
    again.program.kill('SIGTERM');
    await t.expectExit(again.program, 0, { after: 'after SIGTERM', hint: 'On SIGTERM, the primary tells every worker to stop (worker.process.kill(\'SIGTERM\')); each worker closes its server and ends its pool (await pool.end()) and exits; once every worker has exited the primary exits with 0.' });
  });
});
