import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckPostgres } from '../../../src/checks/check-postgres.js';
import { findPostgres } from '../../../src/engine/postgres/find-postgres.js';
import { TOO_MANY_CONNECTIONS } from '../../../src/engine/postgres/postgres-connection.js';
import { startPrivatePostgres, type PrivatePostgres } from '../../../src/engine/postgres/private-postgres.js';
import { isLive, listProcesses } from '../../../src/engine/proc/process-table.js';

const binaries = findPostgres();
const wait = { timeoutMs: 20_000 };
// A start that makes a template runs initdb: seconds on a loaded machine.
const SLOW = 120_000;
// Templates of this file's own: the first start makes one, the others copy it.
const cacheDir = mkdtempSync(path.join(tmpdir(), 'snw-test-postgres-cache-'));

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

// The postmaster and every server process it started (each in a session of its own, so not its group).
const serverProcesses = (pid: number) => listProcesses().filter((info) => info.pid === pid || info.ppid === pid).map((info) => info.pid);

// System V shared memory segments a process created (/proc/sysvipc/shm: key shmid perms size cpid …).
function segmentsCreatedBy(pid: number): number {
  const [header, ...rows] = readFileSync('/proc/sysvipc/shm', 'utf8').trim().split('\n');
  const cpid = header!.trim().split(/\s+/).indexOf('cpid');
  return rows.filter((row) => Number(row.trim().split(/\s+/)[cpid]) === pid).length;
}

// Who a process runs as (its real uid).
const uidOf = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

// A connection of the learner's programs: DATABASE_URL as they get it.
async function learnerClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

async function withServer<T>(connections: number, use: (server: PrivatePostgres) => Promise<T>): Promise<T> {
  const server = await startPrivatePostgres(binaries!, { ...wait, connections, cacheDir });
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

describe.skipIf(!binaries)('a private PostgreSQL', () => {
  it('makes the template once, then every start copies it', { timeout: SLOW }, async () => {
    const first = await startPrivatePostgres(binaries!, { ...wait, connections: 1, cacheDir });
    await first.stop();
    const [template] = readdirSync(cacheDir);
    const made = statSync(path.join(cacheDir, template!)).ino;
    const second = await startPrivatePostgres(binaries!, { ...wait, connections: 1, cacheDir });
    await second.stop();
    expect(first.madeTemplate).toBe(true);
    expect(second.madeTemplate).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([template]);
    expect(statSync(path.join(cacheDir, template!)).ino, 'the same template, not a new one').toBe(made);
  });

  it('gives the programs a role that is not a superuser, owning the database workshop, on a loopback port', async () => {
    await withServer(3, async (server) => {
      expect(server.url).toBe(`postgres://learner@127.0.0.1:${server.port}/workshop`);
      const client = await learnerClient(server.url);
      try {
        const { rows } = await client.query(`SELECT current_user AS role, current_database() AS db, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser, inet_server_addr()::text AS address`);
        expect(rows[0]).toEqual({ role: 'learner', db: 'workshop', superuser: false, address: '127.0.0.1/32' });
        await client.query('CREATE TABLE counter (n int)');
        // A learner's program cannot make itself a superuser, nor read the server's files (42501: insufficient privilege).
        await expect(client.query('ALTER ROLE learner SUPERUSER')).rejects.toMatchObject({ code: '42501' });
        await expect(client.query(`SELECT pg_read_file('postgresql.conf')`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.end();
      }
      // The check's own superuser is not reachable over TCP, with or without a password.
      await expect(learnerClient(`postgres://verifier@127.0.0.1:${server.port}/workshop`)).rejects.toThrow(/no pg_hba\.conf entry/);
      const [own] = await server.checkConnections[0]!.query<{ superuser: boolean }>('SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user', [], wait);
      expect(own).toEqual({ superuser: true });
    });
  });

  it('runs in a process group of its own, as nobody when the workshop is root, with fsync off and the connections asked for', async () => {
    await withServer(4, async (server) => {
      expect(listProcesses().find((info) => info.pid === server.pid)?.pgid).toBe(server.pid);
      expect(uidOf(server.pid)).toBe(process.getuid!() === 0 ? 65534 : process.getuid!());
      const rows = await server.checkConnections[0]!.query<{ name: string; setting: string }>(`SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'max_connections', 'superuser_reserved_connections', 'listen_addresses') ORDER BY name`, [], wait);
      expect(rows).toEqual([
        { name: 'fsync', setting: 'off' },
        { name: 'listen_addresses', setting: '127.0.0.1' },
        // The check's two connections and the programs' four.
        { name: 'max_connections', setting: '6' },
        { name: 'superuser_reserved_connections', setting: '0' },
      ]);
    });
  });

  it("refuses the programs' role a connection past the limit with \"too many clients already\"", async () => {
    await withServer(3, async (server) => {
      const clients = [await learnerClient(server.url), await learnerClient(server.url), await learnerClient(server.url)];
      try {
        await expect(learnerClient(server.url)).rejects.toMatchObject({ code: TOO_MANY_CONNECTIONS, message: 'sorry, too many clients already' });
        const db = await CheckPostgres.provide({ ...wait, connections: 1, env: { PATH: '/nonexistent', DATABASE_URL: server.url }, packageFolders: [] }).catch(() => undefined);
        expect(db, 'not even the learner URL has room left').toBeUndefined();
      } finally {
        await Promise.all(clients.map((client) => client.end()));
      }
    });
  });

  it('stops every server process, frees its shared memory and removes its folder', async () => {
    const server = await startPrivatePostgres(binaries!, { ...wait, connections: 2, cacheDir });
    const client = await learnerClient(server.url);
    client.on('error', () => {});
    const [{ folder }] = (await server.checkConnections[0]!.query<{ folder: string }>(`SELECT current_setting('data_directory') AS folder`, [], wait)) as [{ folder: string }];
    const processes = serverProcesses(server.pid);
    expect(processes.length, 'the postmaster, its helpers and one backend').toBeGreaterThan(3);
    expect(segmentsCreatedBy(server.pid)).toBe(1);
    await server.stop();
    expect(processes.filter(isLive)).toEqual([]);
    expect(segmentsCreatedBy(server.pid)).toBe(0);
    expect(existsSync(path.dirname(folder))).toBe(false);
    await server.stop();
  });

  it('starts two at once, each its own', { timeout: SLOW }, async () => {
    const freshCache = mkdtempSync(path.join(tmpdir(), 'snw-test-postgres-cache-'));
    try {
      // Two starts with no template yet: both make one, one of them is kept, and both servers work.
      const servers = await Promise.all([1, 2].map(() => startPrivatePostgres(binaries!, { ...wait, connections: 1, cacheDir: freshCache })));
      try {
        expect(servers[0]!.port).not.toBe(servers[1]!.port);
        const clients = await Promise.all(servers.map((server) => learnerClient(server.url)));
        await clients[0]!.query('CREATE TABLE only_in_the_first (n int)');
        const { rows } = await clients[1]!.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_in_the_first'`);
        expect(rows).toEqual([{ n: 0 }]);
        await Promise.all(clients.map((client) => client.end()));
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
      }
      expect(readdirSync(freshCache).filter((name) => name.startsWith('template-'))).toHaveLength(1);
      expect(readdirSync(freshCache).filter((name) => name.startsWith('.building-'))).toEqual([]);
    } finally {
      rmSync(freshCache, { recursive: true, force: true });
    }
  });

  it('is stopped when its start is cancelled', async () => {
    const before = new Set(listProcesses().map((info) => info.pid));
    const controller = new AbortController();
    const started = startPrivatePostgres(binaries!, { ...wait, connections: 1, cacheDir, signal: controller.signal });
    controller.abort();
    await expect(started).rejects.toMatchObject({ name: 'WaitError', reason: 'cancelled' });
    const postgresNow = listProcesses().filter((info) => !before.has(info.pid) && /postgres/.test(readFileSync(`/proc/${info.pid}/cmdline`, 'utf8')));
    expect(postgresNow).toEqual([]);
  });
});
