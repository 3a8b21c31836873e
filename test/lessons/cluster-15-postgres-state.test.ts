import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { defaultsLabel } from '../../src/checks/cluster-run.js';
import type { Check } from '../../src/checks/define-check.js';
import { runCheck } from '../../src/checks/run-check.js';
import { findExecutable } from '../../src/engine/find-executable.js';
import { findPostgres } from '../../src/engine/postgres/find-postgres.js';
import { pollUntil } from '../../src/engine/waits/poll-until.js';
import { listProcesses, readCommandLine } from '../../src/engine/proc/process-table.js';
import { verifyResultSchema } from '../../src/results/result-schema.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { cliPath, fixture, repoRoot } from '../helpers/paths.js';
import { runCli, runCommand } from '../helpers/run-cli.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-15';
const file = (name: string) => fixture('lessons', `15-postgres-state/${name}`);
const solution = path.join(repoRoot, 'solutions', '15-postgres-state.js');
const postgres = findPostgres(process.env);
// A PATH with node but without PostgreSQL's programs, for a machine that has no PostgreSQL.
const pathWithoutPostgres = mkdtempSync(path.join(tmpdir(), 'snw-test-node-only-'));
symlinkSync(process.execPath, path.join(pathWithoutPostgres, 'node'));
// Two instances of a cluster program loading a PostgreSQL client each: slow to start on a loaded machine.
const SLOW = 120_000;

const STARTS = 'two instances start, one after the other, on two ports with the same DATABASE_URL (WORKERS=2, DB_CONNECTIONS=6 each) and listen; each creates its table in the primary, not in every worker';
const EMPTY = 'GET /count says 0 before any GET / (the database is empty)';
const TOTAL = 'GET /count on either instance gives the total of both';
const SEQUENTIAL = '6 more GET /, one after the other, to each instance in turn: GET /count on the other one follows each';
const CREATED_FIRST = 'the primary created the table before it forked: it was there before the first GET /';
const IN_TABLE = 'the count is kept in a table of the database at DATABASE_URL';
const LOCKED = "two GET / at once while the check holds the count's row lock (SELECT … FOR UPDATE): both wait, neither is answered before it is counted, and both are counted";
const POOLS = "40 GET / at once, spread over both instances, while the row is locked: each worker's pool stays within DB_CONNECTIONS ÷ WORKERS, every answer is 200 and counted";
// Port 8000 is free on the machines the tests run on; every verification takes its turn with it.
const RESTART = `both instances stopped and one started again, ${defaultsLabel(true)}: the count goes on`;
const SIGTERM = 'on SIGTERM the workers end their pools and the program exits with code 0';

// The postgres servers this test process started (each check's runs as a child of the process that verifies).
const ownServers = (parent = process.pid) =>
  listProcesses()
    .filter((info) => info.ppid === parent && /postgres .*snw-postgres-/.test((readCommandLine(info.pid) ?? []).join(' ')))
    .map((info) => info.pid);
// A server's own folder (its data folder, -D, is inside it); undefined once it is gone (a server whose
// port was taken is replaced by one on another port).
const serverFolder = (pid: number) => {
  const args = readCommandLine(pid) ?? [];
  const dataFolder = args.includes('-D') ? args[args.indexOf('-D') + 1] : undefined;
  return dataFolder === undefined ? undefined : path.dirname(dataFolder);
};
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'snw-test-postgres-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(pathWithoutPostgres, { recursive: true, force: true });
  expect(ownServers(), 'no postgres is left after the checks').toEqual([]);
});

describe.skipIf(!postgres).concurrent('lesson 15: state in PostgreSQL (a private postgres)', () => {
  it('passes the reference solution (node-postgres)', { timeout: SLOW }, async () => {
    const result = await verifyFile(lesson, solution);
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([STARTS, EMPTY, 'both instances answer GET / with "hello world\\n" and their pid in x-worker-pid, from every worker', TOTAL, SEQUENTIAL, CREATED_FIRST, IN_TABLE, LOCKED, POOLS, RESTART, SIGTERM]);
  });

  it.each(['postgres-js.js', 'upsert.js'])('passes %s', { timeout: SLOW }, async (name) => {
    expectPass(await verifyFile(lesson, file(name)));
  });

  it('fails the starter: a count in the primary of each instance', { timeout: SLOW }, async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '15-postgres-state', 'starter.js')), TOTAL, /\(the GET \/ the instance on port \d+ served itself\)[\s\S]*the other instance, a second machine, keeps one of its own/);
  });

  it.each([
    [fixture('lessons', '11-shared-state/per-worker-counter.js'), TOTAL, /\(the GET \/ that worker \d+ served itself\)[\s\S]*its own memory[\s\S]*Keep the count in a table/],
    [path.join(repoRoot, 'solutions', '11-shared-state.js'), TOTAL, /\(the GET \/ the instance on port \d+ served itself\)[\s\S]*keeps one of its own/],
    [file('never-creates-the-table.js'), EMPTY, /GET \/count on port \d+ found no table: the database says relation "counter" does not exist[\s\S]*The database starts empty[\s\S]*Create the table in the primary, before cluster\.fork\(\)/],
    [file('workers-create-the-table.js'), STARTS, /Your program ran CREATE TABLE on [3-9] connections while two instances started: every worker creates the table[\s\S]*Create the table in the primary, before cluster\.fork\(\)/],
    [file('counts-in-a-file.js'), IN_TABLE, /No table of your program's holds \d+, the count GET \/count gives \(its tables: public\.counter\)[\s\S]*not in memory or a file/],
    [file('counts-after-response.js'), new RegExp(`^(${escape(TOTAL)}|${escape(SEQUENTIAL)}|${escape(LOCKED)})$`), /await the UPDATE before you answer/],
    // Its answers come 300 ms after its UPDATEs, which wait for the lock by then: the check waits until it sleeps.
    [file('counts-after-response-later.js'), LOCKED, /GET \/ was answered while the check held the count's row lock[\s\S]*await the UPDATE before you answer/],
    [file('select-then-update.js'), LOCKED, /After two GET \/ at once, the table public\.counter holds (\d+); expected \d+: 1 GET \/ were lost[\s\S]*A SELECT, then an UPDATE with the value plus one, is two statements[\s\S]*UPDATE counter SET n = n \+ 1/],
    [file('default-pool-size.js'), POOLS, /too many clients already[\s\S]*node-postgres' pool opens up to 10 connections by default[\s\S]*DB_CONNECTIONS/],
    [file('resets-the-count-at-start.js'), RESTART, /said 0; expected \d+[\s\S]*never reset the count at start/],
    [file('no-signal-handlers.js'), SIGTERM, /killed by SIGTERM[\s\S]*ends its pool/],
  ])('fails %s', { timeout: SLOW }, async (program, step, message) => {
    // The file counter writes into TMPDIR: one of the test's own, removed with it.
    const result = await runCheck(await lessonCheck(), { lesson, title: 'State in PostgreSQL', file: program, cwd: path.dirname(program), baseEnv: { ...process.env, TMPDIR: scratch } });
    expectFailure(result, step, message);
  });

  it('fails a program that cannot find its client, with the command that installs it in its folder', { timeout: SLOW }, async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'snw-test-no-modules-'));
    try {
      writeFileSync(path.join(folder, 'package.json'), '{ "type": "module" }\n');
      copyFileSync(solution, path.join(folder, '15-postgres-state.js'));
      const result = await verifyFile(lesson, path.join(folder, '15-postgres-state.js'));
      expectFailure(result, STARTS, new RegExp(`cannot find the package "pg"[\\s\\S]*Install it where your file is: cd ${escape(folder)} && npm install pg`));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!postgres)('lesson 15 interrupted', () => {
  it('Ctrl-C during verify stops the private postgres and removes its folder', { timeout: SLOW }, async () => {
    const child = execa(process.execPath, [cliPath, 'verify', '15', solution], { cwd: repoRoot, reject: false, env: { NO_COLOR: '1' } });
    onTestFinished(() => void child.kill('SIGKILL'));
    // No event says that the server is up: its appearance in the process table is polled.
    const { server, folder } = await pollUntil(
      () => {
        const found = ownServers(child.pid)[0];
        const folder = found === undefined ? undefined : serverFolder(found);
        return found === undefined || folder === undefined ? undefined : { server: found, folder };
      },
      { timeoutMs: SLOW / 2 },
    );
    expect(folder).toContain('snw-postgres-');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(listProcesses().some((info) => info.pid === server)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });

  it('run 15 starts a private postgres with DATABASE_URL and DB_CONNECTIONS, and Ctrl-C stops it and the program', { timeout: SLOW }, async () => {
    const child = execa(process.execPath, [cliPath, 'run', '15', '--solution'], { cwd: repoRoot, reject: false, env: { NO_COLOR: '1' } });
    onTestFinished(() => void child.kill('SIGKILL'));
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Both workers listen once they have said so: the primary has created the table in the private database.
    await pollUntil(() => ((output.match(/listening on port/g) ?? []).length >= 2 ? true : undefined), { timeoutMs: SLOW / 2 });
    expect(output).toMatch(/\$ DATABASE_URL=postgres:\/\/learner@127\.0\.0\.1:\d+\/workshop DB_CONNECTIONS=8 WORKERS=2 PORT=\d+ node solutions\/15-postgres-state\.js/);
    const port = Number(/PORT (\d+);/.exec(output)![1]);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hello world\n');
    expect(await (await fetch(`http://127.0.0.1:${port}/count`)).text()).toBe('1\n');
    const [server] = ownServers(child.pid);
    expect(server).toBeDefined();
    const folder = serverFolder(server!)!;
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(listProcesses().some((info) => info.pid === server || info.ppid === child.pid)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});

// PostgreSQL hidden: PATH alone cannot hide the folders packages use, so where one is installed there
// the workshop runs in a mount namespace (bubblewrap) with an empty folder over it.
const installed = findPostgres({ PATH: pathWithoutPostgres });
const bwrap = findExecutable('bwrap', process.env.PATH);
const hiddenFolder = installed && (installed.bindir.startsWith('/usr/lib/postgresql/') ? '/usr/lib/postgresql' : path.dirname(installed.bindir));
const withoutPostgres = (args: string[], options: Parameters<typeof runCli>[1]) =>
  installed === undefined
    ? runCli(args, options)
    : runCommand(bwrap!, ['--dev-bind', '/', '/', '--tmpfs', hiddenFolder!, '--', process.execPath, cliPath, ...args], options);

describe.skipIf(installed !== undefined && bwrap === undefined)('lesson 15 without any PostgreSQL', () => {
  const env = { NO_COLOR: '1', PATH: pathWithoutPostgres };

  it('verify says it needs PostgreSQL and how to get one, exit 3, never a failure of the program', async () => {
    const run = await withoutPostgres(['verify', '15', solution], { cwd: repoRoot, env });
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toMatch(/NEEDS POSTGRESQL lesson-15 \(State in PostgreSQL\): not checked, PostgreSQL is not installed .* and DATABASE_URL is not set\./);
    expect(run.stdout).toMatch(/apt install postgresql[\s\S]*brew install postgresql[\s\S]*docker run -p 5432:5432/);
    expect(run.stdout).not.toMatch(/FAILED|✗/);
  });

  it('--json carries it as "needs", and list marks the lesson', async () => {
    const run = await withoutPostgres(['verify', '15', solution, '--json'], { cwd: repoRoot, env });
    expect(run.exitCode).toBe(3);
    const result = verifyResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ passed: false, steps: [], needs: { what: 'PostgreSQL' } });
    const list = JSON.parse((await withoutPostgres(['list', '--json'], { cwd: scratch, env })).stdout) as { lessons: { id: string; needs: string[] }[] };
    expect(list.lessons.find((entry) => entry.id === 'lesson-15')?.needs).toEqual(['PostgreSQL']);
  });

  it('grade marks it "needs", neither passed nor failed', async () => {
    const classDir = mkdtempSync(path.join(tmpdir(), 'snw-test-class-'));
    try {
      const student = path.join(classDir, 'ada');
      mkdirSync(student);
      copyFileSync(solution, path.join(student, '15-postgres-state.js'));
      const run = await withoutPostgres(['grade', classDir, '--json'], { cwd: repoRoot, env });
      expect(run.exitCode, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { students: { lessons: { id: string; status: string }[] }[] };
      expect(report.students[0]!.lessons.find((grade) => grade.id === 'lesson-15')).toMatchObject({ status: 'needs' });
    } finally {
      rmSync(classDir, { recursive: true, force: true });
    }
  });
});

async function lessonCheck(): Promise<Check> {
  return (await import(path.join(repoRoot, 'lessons', '15-postgres-state', 'check.ts'))).default as Check;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
