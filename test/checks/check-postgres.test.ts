import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckPostgres } from '../../src/checks/check-postgres.js';
import { defineCheck } from '../../src/checks/define-check.js';
import { runCheck } from '../../src/checks/run-check.js';
import { findPostgres } from '../../src/engine/postgres/find-postgres.js';
import { isLive, listProcesses, readProcess } from '../../src/engine/proc/process-table.js';
import { unmetRequirements } from '../../src/lessons/requirements.js';
import { verifyResultSchema } from '../../src/results/result-schema.js';
import { fixture } from '../helpers/paths.js';

const binaries = findPostgres();
const cacheDir = mkdtempSync(path.join(tmpdir(), 'snw-test-postgres-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
/** A machine without PostgreSQL: nothing on PATH, no package folders. */
const nowhere = { PATH: '/nonexistent' };

async function learnerClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

describe.skipIf(!binaries)("the check's view of its private PostgreSQL", () => {
  let db: CheckPostgres;
  let program: pg.Client[];
  beforeAll(async () => {
    // The first start makes the template (initdb): slow on a loaded machine.
    db = await CheckPostgres.provide({ connections: 4, cacheDir });
    program = await Promise.all([1, 2, 3].map(() => learnerClient(db.url)));
    await program[0]!.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await program[0]!.query('INSERT INTO counter VALUES (1, 0)');
  }, 120_000);
  afterAll(async () => {
    await Promise.all(program.map((client) => client.end()));
    await db.close();
  });

  it('gives the programs DATABASE_URL and DB_CONNECTIONS', () => {
    expect(db.isPrivate).toBe(true);
    expect(db.env).toEqual({ DATABASE_URL: db.url, DB_CONNECTIONS: '4' });
  });

  it("reads the programs' tables", async () => {
    expect(await db.tables()).toEqual(['public.counter']);
    expect(await db.readTable('counter')).toEqual([{ id: 1, n: 0 }]);
    expect(await db.readTable('public.counter')).toEqual([{ id: 1, n: 0 }]);
    expect(await db.readTable('no_such_table')).toBeUndefined();
  });

  it("counts the programs' connections, not its own", async () => {
    expect(await db.learnerConnections()).toBe(3);
  });

  it('holds a row lock: an UPDATE waits until it is released, then counts', async () => {
    const lock = await db.holdRowLock('counter', { column: 'id', value: 1 });
    expect(lock.rows).toBe(1);
    const done: number[] = [];
    const updates = [program[1]!, program[2]!].map((client) => client.query<{ n: number }>('UPDATE counter SET n = n + 1 WHERE id = $1 RETURNING n', [1]).then(({ rows }) => done.push(rows[0]!.n)));
    expect(await db.waitForLockWaiters(2, 10_000)).toBe(true);
    expect(done, 'both wait for the lock').toEqual([]);
    await expect(db.holdRowLock('counter')).rejects.toThrow('the check already holds a row lock: release it first');
    await lock.release();
    await Promise.all(updates);
    expect(done.sort()).toEqual([1, 2]);
    expect(await db.readTable('counter')).toEqual([{ id: 1, n: 2 }]);
    await lock.release();
    // Released: another lock can be taken (and with no row matching, holds nothing up).
    const none = await db.holdRowLock('counter', { column: 'id', value: 99 });
    expect(none.rows).toBe(0);
    await none.release();
  });

  it('says when no connection waits for a lock', async () => {
    expect(await db.waitForLockWaiters(1, 0)).toBe(false);
  });

  it('sees the statements the programs sent, multi-line and with parameters, and none of its own', async () => {
    await program[0]!.query('SELECT n\n  FROM counter\n WHERE id = $1', [1]);
    await db.sync();
    const texts = db.statements.map((statement) => statement.text);
    expect(texts.slice(0, 2)).toEqual(['CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)', 'INSERT INTO counter VALUES (1, 0)']);
    expect(texts).toContain('UPDATE counter SET n = n + 1 WHERE id = $1 RETURNING n');
    expect(texts.at(-1)).toBe('SELECT n\n  FROM counter\n WHERE id = $1');
    expect(db.statements.every((statement) => statement.role === 'learner')).toBe(true);
    expect(texts.some((text) => /pg_stat_activity|FOR UPDATE|snw-sync/.test(text))).toBe(false);
  });
});

describe.skipIf(!binaries)("the learner's own DATABASE_URL, where PostgreSQL is not installed", () => {
  it('serves: not private, its role counted, no statements seen, and left running', async () => {
    const server = await CheckPostgres.provide({ connections: 5, cacheDir });
    try {
      const db = await CheckPostgres.provide({ connections: 3, env: { ...nowhere, DATABASE_URL: server.url }, packageFolders: [] });
      expect(db.isPrivate).toBe(false);
      expect(db.env).toEqual({ DATABASE_URL: server.url, DB_CONNECTIONS: '3' });
      const client = await learnerClient(server.url);
      expect(await db.learnerConnections()).toBe(1);
      await client.query('CREATE TABLE visits (n int)');
      expect(await db.tables()).toEqual(['public.visits']);
      await db.sync();
      expect(db.statements).toEqual([]);
      await client.end();
      await db.close();
      // The learner's server is not the check's to stop.
      expect(await server.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(!binaries)('a check with a private PostgreSQL', () => {
  // Runs a check that starts a PostgreSQL, notes its server processes and folder, then passes or fails a step.
  async function runWithPostgres(passes: boolean) {
    let seen: { processes: number[]; folder: string } | undefined;
    const result = await runCheck(
      defineCheck(async (t) => {
        const db = await CheckPostgres.provide({ connections: 2, cacheDir, signal: t.settings.signal });
        t.cleanups.push(() => db.close());
        await t.step('uses the database', async () => {
          const [row] = await db.query<{ backend: number; folder: string }>(`SELECT pg_backend_pid() AS backend, current_setting('data_directory') AS folder`);
          const postmaster = readProcess(row!.backend)!.ppid;
          seen = { processes: listProcesses().filter((info) => info.pid === postmaster || info.ppid === postmaster).map((info) => info.pid), folder: path.dirname(row!.folder) };
          if (!passes) t.fail({ message: 'wrong' });
        });
      }),
      { lesson: 'lesson-15', title: 'Test', file: fixture('engine', 'hangs.js') },
    );
    return { result, ...seen! };
  }

  it.each([true, false])('stops the server and removes its folder when the check ends (passed: %s)', async (passes) => {
    const { result, processes, folder } = await runWithPostgres(passes);
    expect(result.passed).toBe(passes);
    expect(result.error).toBeUndefined();
    expect(processes.length).toBeGreaterThan(3);
    expect(processes.filter(isLive)).toEqual([]);
    expect(existsSync(folder)).toBe(false);
  });
});

describe('a machine with no PostgreSQL', () => {
  it('needs PostgreSQL: neither passed nor failed, with how to get it', async () => {
    const result = await runCheck(
      defineCheck(async (t) => {
        const db = await CheckPostgres.provide({ connections: 2, env: nowhere, packageFolders: [], signal: t.settings.signal });
        t.cleanups.push(() => db.close());
      }),
      { lesson: 'lesson-15', title: 'Test', file: fixture('engine', 'hangs.js') },
    );
    expect(result).toMatchObject({
      passed: false,
      steps: [],
      needs: { what: 'PostgreSQL', reason: 'PostgreSQL is not installed (no initdb and postgres on PATH or where packages put them) and DATABASE_URL is not set' },
    });
    expect(result.needs!.howTo.join('\n')).toMatch(/apt install postgresql[\s\S]*brew install postgresql[\s\S]*docker run -p 5432:5432/);
    expect(result.error).toBeUndefined();
    expect(verifyResultSchema.parse(result)).toEqual(result);
  });

  it('says why when DATABASE_URL is no PostgreSQL URL or does not let the check in', async () => {
    await expect(CheckPostgres.provide({ connections: 2, env: { ...nowhere, DATABASE_URL: 'localhost:5432' }, packageFolders: [] })).rejects.toMatchObject({
      name: 'RequirementMissing',
      needs: { reason: 'DATABASE_URL is set, but "localhost:5432" is not a postgres:// URL' },
    });
    await expect(CheckPostgres.provide({ connections: 2, env: { ...nowhere, DATABASE_URL: 'postgres://someone:secret@127.0.0.1:1/db' }, packageFolders: [] })).rejects.toMatchObject({
      name: 'RequirementMissing',
      needs: { reason: expect.stringMatching(/and the PostgreSQL at DATABASE_URL=postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/db does not let the check in \(connect ECONNREFUSED/) },
    });
  });

  it('is what list and grade mark as missing, unless DATABASE_URL is set', () => {
    // `list` asks with the machine's own package folders; a PATH of its own is all a test can vary.
    const found = findPostgres({ PATH: '/nonexistent' });
    expect(unmetRequirements(['postgresql'], { PATH: '/nonexistent' })).toEqual(found ? [] : ['PostgreSQL']);
    expect(unmetRequirements(['postgresql'], { PATH: '/nonexistent', DATABASE_URL: 'postgres://127.0.0.1/x' })).toEqual([]);
    expect(unmetRequirements(['redis', 'postgresql'], { PATH: '/nonexistent', DATABASE_URL: 'postgres://127.0.0.1/x' })).toEqual(['Redis']);
  });
});
