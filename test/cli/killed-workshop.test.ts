// A workshop killed outright (kill -9, the OOM killer, a crashed terminal) runs none of its own cleanup.
// Its programs still do not live on: the kernel kills each program with it (a parent-death signal), its
// guardian ends what the programs started, and whatever escaped both is ended by the next command.
import { mkdirSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/engine/find-executable.js';
import { isLive, listProcesses, readCommandLine } from '../../src/engine/proc/process-table.js';
import { waitUntil } from '../../src/engine/terminate/wait-until.js';
import { newMarker, runningWith } from '../helpers/marked-run.js';
import { cliPath, fixture, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const markers: string[] = [];
const workshops: ResultPromise[] = [];
afterAll(() => {
  workshops.forEach((workshop) => workshop.kill('SIGKILL'));
  markers.forEach((marker) => rmSync(marker, { recursive: true, force: true }));
});

// Starts the workshop with a TMPDIR of its own (which every program inherits) and waits until `ready` holds.
async function startWorkshop(args: string[], ready: (marker: string, workshop: ResultPromise) => boolean): Promise<{ workshop: ResultPromise; marker: string }> {
  const marker = newMarker();
  markers.push(marker);
  mkdirSync(marker);
  const workshop = execa(process.execPath, [cliPath, ...args], { cwd: repoRoot, reject: false, env: { NO_COLOR: '1', TMPDIR: marker } });
  workshops.push(workshop);
  expect(await waitUntil(() => ready(marker, workshop), 30_000)).toBe(true);
  return { workshop, marker };
}

// The learner's processes (not the workshop itself, which has the same TMPDIR) running `file`.
const running = (marker: string, file: string) => runningWith(marker).filter((found) => found.command.includes(file) && !found.command.includes(cliPath));
const guardianOf = (pid: number) => listProcesses().find((info) => info.ppid === pid && readCommandLine(info.pid)?.includes('snw-guardian'))?.pid;

// The redis-servers working in a folder under `dir`.
function redisServersIn(dir: string): number[] {
  return listProcesses()
    .filter((info) => /^\S*redis-server\b/.test(readCommandLine(info.pid)?.join(' ') ?? ''))
    .filter((info) => {
      try {
        return readlinkSync(`/proc/${info.pid}/cwd`).startsWith(`${dir}/`);
      } catch {
        return false;
      }
    })
    .map((info) => info.pid);
}

// kill -9, and wait until the workshop is gone.
async function killOutright(workshop: ResultPromise): Promise<void> {
  process.kill(workshop.pid!, 'SIGKILL');
  await workshop;
}

describe('a workshop killed with SIGKILL', () => {
  it('during verify 8: nothing of the program is left, and the next command finds nothing to stop', async () => {
    const solution = path.join(repoRoot, 'solutions', '08-shared-port.js');
    const { workshop, marker } = await startWorkshop(['verify', '8', solution], (marker) => running(marker, solution).length >= 3);
    await killOutright(workshop);
    expect(await waitUntil(() => runningWith(marker).length === 0, 10_000), JSON.stringify(runningWith(marker))).toBe(true);
    const next = await runCli(['list'], { cwd: repoRoot, env: { NO_COLOR: '1', TMPDIR: marker } });
    expect(next.exitCode).toBe(0);
    expect(next.stderr).not.toContain('left by a workshop');
    expect(runningWith(marker)).toEqual([]);
    // The guardian removed the workshop's folders too (its owner folder: see startGuardian).
    expect(readdirSync(marker)).toEqual([]);
  }, 60_000);

  it('with its guardian killed too: the kernel kills the primary, and the next command stops the workers and says so', async () => {
    const program = fixture('cluster', 'workers-outlive-their-primary.js');
    const marker = newMarker();
    markers.push(marker);
    mkdirSync(marker);
    const workshop = execa(process.execPath, [cliPath, 'run', '8', program], { cwd: repoRoot, reject: false, env: { NO_COLOR: '1', TMPDIR: marker } });
    workshops.push(workshop);
    // The sample run starts two workers: both are set once both have said so.
    let shown = '';
    workshop.stdout.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    expect(await waitUntil(() => shown.match(/^worker \d+ is set$/gm)?.length === 2, 30_000)).toBe(true);
    const primary = listProcesses().find((info) => info.ppid === workshop.pid && readCommandLine(info.pid)?.includes(program))!.pid;
    const guardian = guardianOf(workshop.pid!);
    expect(guardian).toBeDefined();
    process.kill(guardian!, 'SIGKILL');
    expect(await waitUntil(() => !isLive(guardian!), 10_000)).toBe(true);
    await killOutright(workshop);
    // The parent-death signal: the primary goes with the workshop. Its workers outlive it.
    expect(await waitUntil(() => !isLive(primary), 10_000)).toBe(true);
    expect(running(marker, program)).toHaveLength(2);
    const next = await runCli(['list'], { cwd: repoRoot, env: { NO_COLOR: '1', TMPDIR: marker } });
    expect(next.exitCode).toBe(0);
    expect(next.stderr.split('\n')).toContain('scaling-node-workshop: stopped 2 processes left by a workshop that was killed');
    expect(await waitUntil(() => runningWith(marker).length === 0, 10_000), JSON.stringify(runningWith(marker))).toBe(true);
  }, 60_000);

  it.skipIf(!findExecutable('redis-server'))('during verify 14 with its guardian killed: the private redis-server goes, and the next command removes its folder', async () => {
    const solution = path.join(repoRoot, 'solutions', '14-redis-state.js');
    // The server writes its title over its environment: it is known by its working folder, in this TMPDIR.
    // The guardian is started just after the server (see trackGroup): both are waited for.
    const serverUp = (marker: string, workshop: ResultPromise) => redisServersIn(marker).length > 0 && guardianOf(workshop.pid!) !== undefined;
    const { workshop, marker } = await startWorkshop(['verify', '14', solution], serverUp);
    process.kill(guardianOf(workshop.pid!)!, 'SIGKILL');
    await killOutright(workshop);
    const next = await runCli(['list'], { cwd: repoRoot, env: { NO_COLOR: '1', TMPDIR: marker } });
    expect(next.stderr).toMatch(/^scaling-node-workshop: (stopped \d+ process(es)? and )?removed 1 folder left by a workshop that was killed$/m);
    expect(readdirSync(marker)).toEqual([]);
    expect(redisServersIn(marker)).toEqual([]);
    expect(await waitUntil(() => runningWith(marker).length === 0, 10_000), JSON.stringify(runningWith(marker))).toBe(true);
  }, 60_000);
});
