import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../../src/engine/waits/poll-until.js';
import { findPostgres } from '../../../src/engine/postgres/find-postgres.js';
import { isLive, listProcesses } from '../../../src/engine/proc/process-table.js';
import { fixture, repoRoot } from '../../helpers/paths.js';

const binaries = findPostgres();
const isRoot = process.getuid?.() === 0;
// Each test starts node with tsx, and the first one makes a template (initdb): slow on a loaded machine.
const SLOW = 120_000;
// Shared by every run of the fixture; a run as another user (nobody) gets a cache of its own, as every user has.
const cacheDir = mkdtempSync(path.join(tmpdir(), 'snw-test-postgres-cache-'));
const nobodysCacheDir = mkdtempSync(path.join(tmpdir(), 'snw-test-postgres-cache-'));
if (isRoot) chownSync(nobodysCacheDir, 65534, 65534);
afterAll(() => [cacheDir, nobodysCacheDir].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Ready {
  pid: number;
  dataDir: string;
  uid: number;
}

// Starts the workshop's side of a check (test/fixtures/postgres/workshop-with-postgres.ts) and resolves once its PostgreSQL is ready.
async function startWorkshop(mode: 'check' | 'ui', asNobody = false): Promise<{ child: ResultPromise; ready: Ready; processes: number[] }> {
  const prefix = asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const [file, ...args] = [...prefix, process.execPath, '--import', 'tsx', fixture('postgres', 'workshop-with-postgres.ts'), mode, asNobody ? nobodysCacheDir : cacheDir];
  const child = execa(file!, args, { cwd: repoRoot, reject: false });
  const line = await new Promise<string>((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        child.stdout!.off('data', onData);
        resolve(text.split('\n')[0]!);
      }
    };
    child.stdout!.on('data', onData);
    void child.then(() => resolve(text));
  });
  const ready = JSON.parse(line) as Ready;
  if (ready.pid === undefined) throw new Error(`the fixture's PostgreSQL did not start: ${line} ${(await child).stderr}`);
  const processes = listProcesses().filter((info) => info.pid === ready.pid || info.ppid === ready.pid).map((info) => info.pid);
  return { child, ready, processes };
}

function segmentsCreatedBy(pid: number): number {
  const [header, ...rows] = readFileSync('/proc/sysvipc/shm', 'utf8').trim().split('\n');
  const cpid = header!.trim().split(/\s+/).indexOf('cpid');
  return rows.filter((row) => Number(row.trim().split(/\s+/)[cpid]) === pid).length;
}

// Once the workshop is gone its server goes too (after it, when an exit hook or the parent-death signal asked it to).
async function expectServerGone(ready: Ready, processes: number[]): Promise<void> {
  expect(processes.length).toBeGreaterThan(3);
  await pollUntil(() => (processes.some(isLive) ? undefined : true), { timeoutMs: 15_000 }).catch(() => {});
  expect(processes.filter(isLive), 'no server process is left').toEqual([]);
  expect(segmentsCreatedBy(ready.pid), 'its shared memory is freed').toBe(0);
}

describe.skipIf(!binaries)('a private PostgreSQL when the workshop is interrupted', () => {
  it('Ctrl-C during a check (verify): the check is cancelled, the server stopped and its folder removed', { timeout: SLOW }, async () => {
    const { child, ready, processes } = await startWorkshop('check');
    child.kill('SIGINT');
    const result = await child;
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toEqual({ cancelled: true });
    // Stopped by the check's cleanup, before the workshop exited: nothing to wait for.
    expect(processes.filter(isLive)).toEqual([]);
    expect(segmentsCreatedBy(ready.pid)).toBe(0);
    expect(existsSync(path.dirname(ready.dataDir))).toBe(false);
  });

  it('Ctrl-C in the UI (exit on the signal): the exit hook shuts the server down and removes its folder', { timeout: SLOW }, async () => {
    const { child, ready, processes } = await startWorkshop('ui');
    child.kill('SIGINT');
    expect((await child).exitCode).toBe(130);
    expect(existsSync(path.dirname(ready.dataDir))).toBe(false);
    await expectServerGone(ready, processes);
  });

  it('the workshop killed outright (SIGKILL): the parent-death signal shuts the server down', { timeout: SLOW }, async () => {
    const { child, ready, processes } = await startWorkshop('ui');
    child.kill('SIGKILL');
    await child;
    await expectServerGone(ready, processes);
    // Nothing of the workshop ran to remove it.
    rmSync(path.dirname(ready.dataDir), { recursive: true, force: true });
  });

  it.skipIf(!isRoot)('works for a normal user too (the workshop run as nobody, the server as that user)', { timeout: SLOW }, async () => {
    const { child, ready, processes } = await startWorkshop('check', true);
    expect(ready.uid).toBe(65534);
    expect(Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${ready.pid}/status`, 'utf8'))![1])).toBe(65534);
    child.kill('SIGINT');
    expect(JSON.parse((await child).stdout.trim().split('\n').at(-1)!)).toEqual({ cancelled: true });
    expect(processes.filter(isLive)).toEqual([]);
    expect(existsSync(path.dirname(ready.dataDir))).toBe(false);
  });
});
