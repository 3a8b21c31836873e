import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { defaultsLabel } from '../../src/checks/cluster-run.js';
import type { Check } from '../../src/checks/define-check.js';
import { runCheck } from '../../src/checks/run-check.js';
import { findExecutable } from '../../src/engine/find-executable.js';
import { pollUntil } from '../../src/engine/waits/poll-until.js';
import { listProcesses, readCommandLine } from '../../src/engine/proc/process-table.js';
import { startPrivateRedis, type PrivateRedis } from '../../src/engine/redis/private-redis.js';
import { RedisConnection } from '../../src/engine/redis/redis-connection.js';
import { parseRedisUrl } from '../../src/engine/redis/redis-url.js';
import { verifyResultSchema } from '../../src/results/result-schema.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { cliPath, fixture, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-14';
const file = (name: string) => fixture('lessons', `14-redis-state/${name}`);
const solution = path.join(repoRoot, 'solutions', '14-redis-state.js');
const redisServer = findExecutable('redis-server');
// A PATH with node but without redis-server (which may share node's folder), for a machine that has no Redis.
const pathWithoutRedis = mkdtempSync(path.join(tmpdir(), 'snw-test-node-only-'));
symlinkSync(process.execPath, path.join(pathWithoutRedis, 'node'));
const wait = { timeoutMs: 10_000 };
// Two instances of a cluster program loading a Redis client each: slow to start on a loaded machine.
const SLOW = 120_000;

const TOTAL = 'GET /count on either instance gives the total of both';
const SEQUENTIAL = '6 more GET /, one after the other, to each instance in turn: GET /count on the other one follows each';
const IN_REDIS = 'the count is kept in the Redis at REDIS_URL';
const COUNTED_FIRST = 'a GET / is answered only once it is counted (Redis holds its writes back meanwhile)';
const CONCURRENT = '20 GET / at once, spread over both instances: the count goes up by exactly 20';
const CLIENTS = 'one Redis client per worker, made once: those 12 requests opened no new connection to Redis';
const STARTS = 'two instances start on two ports with the same REDIS_URL (WORKERS=2 each) and listen';
// Port 8000 is free on the machines the tests run on; every verification takes its turn with it.
const RESTART = `both instances stopped and one started again, ${defaultsLabel(true)}: the count goes on`;

// Every private redis-server works in a folder of its own under TMPDIR: this file gives its checks (in this
// process and in the CLIs it runs, which inherit the environment) a TMPDIR of its own, which tells its servers
// from those of any other run on the machine.
const ownTmp = mkdtempSync(path.join(tmpdir(), 'snw-test-redis-tmp-'));
process.env.TMPDIR = ownTmp;
// redis-server processes alive now that were started under this file's TMPDIR (a server names itself "redis-server <address>").
const ownRedisServers = () =>
  listProcesses()
    .filter((info) => /redis-server/.test((readCommandLine(info.pid) ?? []).join(' ')))
    .filter((info) => {
      try {
        return readlinkSync(`/proc/${info.pid}/cwd`).startsWith(ownTmp);
      } catch {
        return false;
      }
    })
    .map((info) => info.pid);
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'snw-test-redis-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(pathWithoutRedis, { recursive: true, force: true });
  expect(ownRedisServers(), 'no redis-server is left after the checks').toEqual([]);
  rmSync(ownTmp, { recursive: true, force: true });
});

describe.skipIf(!redisServer).concurrent('lesson 14: state in Redis (a private redis-server)', () => {
  it('passes the reference solution (node-redis)', { timeout: SLOW }, async () => {
    const result = await verifyFile(lesson, solution);
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([
      'two instances start on two ports with the same REDIS_URL (WORKERS=2 each) and listen',
      'GET /count says 0 before any GET / (the Redis is empty)',
      'both instances answer GET / with "hello world\\n" and their pid in x-worker-pid, from every worker',
      TOTAL,
      SEQUENTIAL,
      CLIENTS,
      IN_REDIS,
      COUNTED_FIRST,
      CONCURRENT,
      RESTART,
    ]);
  });

  it('passes a program that uses ioredis', { timeout: SLOW }, async () => {
    expectPass(await verifyFile(lesson, file('ioredis.js')));
  });

  it('fails the starter: a count in every worker', { timeout: SLOW }, async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '14-redis-state', 'starter.js')), TOTAL, /said (\d+) \(the GET \/ that worker \d+ served itself\); expected (?!\1)\d+[\s\S]*its own memory/);
  });

  // Lesson 11's programs: a counter in every worker (its wrong one), and one in the primary (its answer).
  it.each([
    [fixture('lessons', '11-shared-state/per-worker-counter.js'), TOTAL, /\(the GET \/ that worker \d+ served itself\); expected \d+, every GET \/ answered so far by both instances together[\s\S]*its own memory[\s\S]*Keep the count in Redis/],
    [path.join(repoRoot, 'solutions', '11-shared-state.js'), TOTAL, /\(the GET \/ the instance on port \d+ served itself\)[\s\S]*the other instance, a second machine, keeps one of its own/],
    [file('counts-in-a-file.js'), IN_REDIS, /Your program sent no command to the Redis at REDIS_URL, yet GET \/count says \d+: the count is kept somewhere else/],
    [file('client-per-request.js'), CLIENTS, /Redis accepted \d+ new connections while your program answered 12 requests[\s\S]*it opens a client for every request[\s\S]*Make the client once per worker/],
    [file('hard-coded-url.js'), STARTS, /Your program tries to reach a Redis at 127\.0\.0\.1:6379, and nothing answers there; REDIS_URL is redis:\/\/127\.0\.0\.1:\d+\./],
    [file('get-then-set.js'), CONCURRENT, /20 GET \/ at once raised the count only by \d+: \d+ of them were lost\. Your program reads the count and writes it back \(GET, then SET\)[\s\S]*INCR adds one inside Redis in a single command/],
  ])('fails %s', { timeout: SLOW }, async (program, step, message) => {
    // The file counter writes into TMPDIR: one of the test's own, removed with it.
    const result = await runCheck(await lessonCheck(), { lesson, title: 'State in Redis', file: program, cwd: path.dirname(program), baseEnv: { ...process.env, TMPDIR: scratch } });
    expectFailure(result, step, message);
  });

  it('fails counts-after-response.js: answered while the count was still being held back', { timeout: SLOW }, async () => {
    // The first totals may already catch it (the INCR comes a moment late); holding Redis's writes back always does.
    expectFailure(await verifyFile(lesson, file('counts-after-response.js')), new RegExp(`^(${escape(TOTAL)}|${escape(SEQUENTIAL)}|${escape(COUNTED_FIRST)})$`), /await the INCR before you answer/);
  });

  it('fails counts-after-response-later.js, whose answers come 300 ms after its INCR: the check waits until it sleeps', { timeout: SLOW }, async () => {
    expectFailure(await verifyFile(lesson, file('counts-after-response-later.js')), COUNTED_FIRST, /answered while Redis was holding every write back[\s\S]*await the INCR before you answer/);
  });

  it('fails a program hard-coded to another Redis that answers, as soon as the socket table shows the connection, naming its port and REDIS_URL', { timeout: SLOW }, async () => {
    // The learner's own Redis, say: a second private one, its URL written into the program.
    const other = await startPrivateRedis(redisServer!, wait);
    const folder = mkdtempSync(path.join(tmpdir(), 'snw-test-other-redis-'));
    try {
      writeFileSync(path.join(folder, 'package.json'), '{ "type": "module" }\n');
      symlinkSync(path.join(repoRoot, 'node_modules'), path.join(folder, 'node_modules'));
      const program = path.join(folder, '14-redis-state.js');
      const source = readFileSync(solution, 'utf8');
      expect(source).toContain("process.env.REDIS_URL || 'redis://127.0.0.1:6379'");
      writeFileSync(program, source.replace("process.env.REDIS_URL || 'redis://127.0.0.1:6379'", JSON.stringify(other.url)));
      const result = await verifyFile(lesson, program);
      const port = new URL(other.url).port;
      expectFailure(result, STARTS, new RegExp(`Your program connects to port ${port} \\(127\\.0\\.0\\.1:${port}\\), not to the Redis REDIS_URL names \\(redis://127\\.0\\.0\\.1:(?!${port}\\))\\d+\\)\\.`));
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await other.stop();
    }
  });

  it('fails a program that cannot find its client, with the command that installs it in its folder', { timeout: SLOW }, async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'snw-test-no-modules-'));
    try {
      writeFileSync(path.join(folder, 'package.json'), '{ "type": "module" }\n');
      copyFileSync(solution, path.join(folder, '14-redis-state.js'));
      const result = await verifyFile(lesson, path.join(folder, '14-redis-state.js'));
      expectFailure(result, /^two instances start/, new RegExp(`cannot find the package "redis"[\\s\\S]*Install it where your file is: cd ${escape(folder)} && npm install redis`));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!redisServer)('lesson 14 interrupted', () => {
  it('Ctrl-C during verify stops the private redis-server and removes its folder', { timeout: SLOW }, async () => {
    const child = execa(process.execPath, [cliPath, 'verify', '14', solution], { cwd: repoRoot, reject: false, env: { NO_COLOR: '1' } });
    // No event says that the server is up: its appearance in the process table is polled.
    const server = await pollUntil(() => listProcesses().find((info) => info.ppid === child.pid && ownRedisServers().includes(info.pid))?.pid, { timeoutMs: SLOW / 2 });
    const folder = readlinkSync(`/proc/${server}/cwd`);
    expect(folder).toContain('snw-redis-');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(listProcesses().some((info) => info.pid === server)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });

  it('run 14 starts a private redis-server and gives its REDIS_URL, and Ctrl-C stops it and the program', { timeout: SLOW }, async () => {
    const child = execa(process.execPath, [cliPath, 'run', '14', '--solution'], { cwd: repoRoot, reject: false, env: { NO_COLOR: '1' } });
    onTestFinished(() => void child.kill('SIGKILL'));
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await pollUntil(() => ((output.match(/listening on port/g) ?? []).length >= 2 ? true : undefined), { timeoutMs: SLOW / 2 });
    const url = /\$ REDIS_URL=(redis:\/\/127\.0\.0\.1:\d+) WORKERS=2 PORT=\d+ node solutions\/14-redis-state\.js/.exec(output)?.[1];
    expect(url, output).toBeDefined();
    const port = Number(/PORT (\d+);/.exec(output)![1]);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hello world\n');
    expect(await (await fetch(`http://127.0.0.1:${port}/count`)).text()).toBe('1\n');
    const server = listProcesses().find((info) => info.ppid === child.pid && ownRedisServers().includes(info.pid))?.pid;
    expect(server).toBeDefined();
    const folder = readlinkSync(`/proc/${server}/cwd`);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(listProcesses().some((info) => info.pid === server || info.ppid === child.pid)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});

describe.skipIf(!redisServer)("lesson 14 against the learner's REDIS_URL (no redis-server on PATH)", () => {
  let server: PrivateRedis;
  beforeAll(async () => {
    server = await startPrivateRedis(redisServer!, wait);
  });
  afterAll(async () => server?.stop());

  it('judges how much the count goes up, not its value, and leaves that Redis running', { timeout: SLOW }, async () => {
    const connection = await RedisConnection.open(parseRedisUrl(server.url), wait);
    try {
      // An old count from the learner's earlier runs.
      await connection.command(['SET', 'count', '1000'], wait);
      const run = await runCli(['verify', '14', solution, '--json'], { cwd: repoRoot, env: { NO_COLOR: '1', PATH: pathWithoutRedis, REDIS_URL: server.url }, timeout: SLOW });
      const result = verifyResultSchema.parse(JSON.parse(run.stdout));
      expectPass(result);
      expect(run.exitCode).toBe(0);
      expect(result.steps[1]!.title).toBe('GET /count says the same number on both instances before any GET /');
      expect(Number(await connection.command(['GET', 'count'], wait))).toBeGreaterThan(1000);
      expect(await connection.command(['PING'], wait)).toBe('PONG');
    } finally {
      connection.close();
    }
  });
});

describe('lesson 14 without any Redis', () => {
  const env = { NO_COLOR: '1', PATH: pathWithoutRedis };

  it('verify says it needs Redis and how to get one, exit 3, never a failure of the program', async () => {
    const run = await runCli(['verify', '14', solution], { cwd: repoRoot, env });
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toContain('NEEDS REDIS lesson-14 (State in Redis): not checked, there is no redis-server on PATH and REDIS_URL is not set.');
    expect(run.stdout).toMatch(/apt install redis-server[\s\S]*brew install redis[\s\S]*docker run -p 6379:6379 redis/);
    expect(run.stdout).not.toMatch(/FAILED|✗/);
  });

  it('--json carries it as "needs", apart from passed and failed', async () => {
    const run = await runCli(['verify', '14', solution, '--json'], { cwd: repoRoot, env });
    expect(run.exitCode).toBe(3);
    const result = verifyResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ passed: false, steps: [], needs: { what: 'Redis', reason: 'there is no redis-server on PATH and REDIS_URL is not set' } });
    expect(result.error).toBeUndefined();
  });

  it('says why when REDIS_URL names a Redis that does not answer', async () => {
    const run = await runCli(['verify', '14', solution], { cwd: repoRoot, env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' } });
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toContain('the Redis at REDIS_URL=redis://127.0.0.1:1 does not answer PING');
  });

  it('list marks the lesson as needing Redis', async () => {
    const text = await runCli(['list'], { cwd: scratch, env });
    expect(text.stdout).toMatch(/\? 14  State in Redis .*\(needs Redis: see verify 14\)/);
    const json = JSON.parse((await runCli(['list', '--json'], { cwd: scratch, env })).stdout) as { lessons: { id: string; needs: string[] }[] };
    expect(json.lessons.find((entry) => entry.id === 'lesson-14')?.needs).toEqual(['Redis']);
    expect(json.lessons.find((entry) => entry.id === 'lesson-13')?.needs).toEqual([]);
    if (redisServer) {
      const withRedis = JSON.parse((await runCli(['list', '--json'], { cwd: scratch, env: { NO_COLOR: '1', PATH: process.env.PATH } })).stdout) as { lessons: { id: string; needs: string[] }[] };
      expect(withRedis.lessons.find((entry) => entry.id === 'lesson-14')?.needs).toEqual([]);
    }
  });

  it('grade marks it "needs", neither passed nor failed', async () => {
    const classDir = mkdtempSync(path.join(tmpdir(), 'snw-test-class-'));
    try {
      const student = path.join(classDir, 'ada');
      mkdirSync(student);
      copyFileSync(solution, path.join(student, '14-redis-state.js'));
      const run = await runCli(['grade', classDir, '--json'], { cwd: repoRoot, env });
      expect(run.exitCode, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { students: { lessons: { id: string; status: string; message?: string }[] }[] };
      expect(report.students[0]!.lessons.find((grade) => grade.id === 'lesson-14')).toMatchObject({ status: 'needs', message: expect.stringMatching(/^there is no redis-server on PATH and REDIS_URL is not set; to get Redis: apt install redis-server/) });
    } finally {
      rmSync(classDir, { recursive: true, force: true });
    }
  });
});

async function lessonCheck(): Promise<Check> {
  return (await import(path.join(repoRoot, 'lessons', '14-redis-state', 'check.ts'))).default as Check;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
