import { afterEach, describe, expect, it } from 'vitest';
import { timeouts } from '../../../src/checks/timeouts.js';
import { startProgram, type Program } from '../../../src/engine/program/program.js';
import { readProcess } from '../../../src/engine/proc/process-table.js';
import { SHORTEST_WORKER_LIFE_MS, TreeWatcher } from '../../../src/engine/program/tree-watcher.js';
import { waitForPort } from '../../../src/engine/http/wait-for-port.js';
import { freePort } from '../../../src/engine/http/free-port.js';
import { fixture, repoRoot } from '../../helpers/paths.js';
import path from 'node:path';

const started: Program[] = [];
const watchers: TreeWatcher[] = [];
afterEach(async () => {
  for (const watcher of watchers.splice(0)) watcher.stop();
  await Promise.all(started.splice(0).map((program) => program.stop()));
});

function start(file: string, env: Record<string, string>): { program: Program; watcher: TreeWatcher } {
  const program = startProgram({ file, env });
  started.push(program);
  const watcher = new TreeWatcher(program.pid);
  watchers.push(watcher);
  program.stdout.onLine(() => watcher.sample());
  return { program, watcher };
}

describe('TreeWatcher', () => {
  it('measures the longest gap between its samples, and stops vouching for every child once it is too long', async () => {
    const { program, watcher } = start(path.join(repoRoot, 'solutions', '07-cluster-fork.js'), { WORKERS: '1' });
    await program.waitForExit({ timeoutMs: timeouts.startMs });
    expect(watcher.longestGapMs).toBeGreaterThan(0);
    // A starved machine: samples far apart, so a worker may have come and gone between two of them.
    watcher.longestGapMs = SHORTEST_WORKER_LIFE_MS;
    expect(watcher.sawEveryChild).toBe(false);
    watcher.longestGapMs = SHORTEST_WORKER_LIFE_MS - 1;
    expect(watcher.sawEveryChild).toBe(true);
  });

  it('records workers that print and exit at once, with their command lines, and no orphans', async () => {
    const { program, watcher } = start(path.join(repoRoot, 'solutions', '07-cluster-fork.js'), { WORKERS: '3' });
    await program.waitForExit({ timeoutMs: timeouts.startMs });
    watcher.sample();
    const printed = program.lines('stdout').map((line) => Number(/^worker (\d+)/.exec(line)?.[1]));
    expect(printed).toHaveLength(3);
    expect(watcher.seen.sort()).toEqual([...printed].sort());
    for (const pid of printed) expect(watcher.children.get(pid)?.commandLine).toContain(path.join(repoRoot, 'solutions', '07-cluster-fork.js'));
    expect(watcher.alive).toEqual([]);
    expect(watcher.rootEnded).toBe(true);
    expect(watcher.orphans).toEqual([]);
  });

  it('counts cluster workers only, not other children (like the esbuild service of tsx)', async () => {
    const { program, watcher } = start(fixture('cluster', 'forks-a-worker-and-a-helper.js'), {});
    const found = await program.waitForLine('stdout', /^worker \d+ helper \d+$/, { timeoutMs: timeouts.startMs });
    const [, worker, helper] = /^worker (\d+) helper (\d+)$/.exec(found.line)!.map(Number);
    expect(readProcess(helper!)?.ppid).toBe(program.pid);
    watcher.sample();
    expect(watcher.alive).toEqual([worker]);
    expect(watcher.seen).toEqual([worker]);
  });

  it('sees a killed worker go, and calls back for a new one', async () => {
    const port = await freePort();
    const { program, watcher } = start(path.join(repoRoot, 'solutions', '09-restart.js'), { WORKERS: '1', PORT: String(port), NODE_CLUSTER_SCHED_POLICY: 'rr' });
    await waitForPort(port, program, { timeoutMs: timeouts.startMs });
    watcher.sample();
    const [first] = watcher.alive;
    expect(first).toBeGreaterThan(0);
    const replacement = new Promise<number>((resolve) => watcher.onChild((child) => resolve(child.pid)));
    process.kill(first!, 'SIGKILL');
    const next = await replacement;
    expect(next).not.toBe(first);
    watcher.sample();
    expect(watcher.alive).toEqual([next]);
    expect(watcher.children.get(first!)?.alive).toBe(false);
  });

  it('names the workers still running when the primary exits (orphans)', async () => {
    const { program, watcher } = start(fixture('cluster', 'busy-workers.js'), { WORKERS: '2' });
    await program.waitForExit({ timeoutMs: timeouts.startMs });
    watcher.sample();
    expect(program.exitInfo).toEqual({ code: 0, signal: null });
    expect(watcher.orphans).toHaveLength(2);
    for (const pid of watcher.orphans) expect(readProcess(pid)?.pgid).toBe(program.pid);
  });
});
