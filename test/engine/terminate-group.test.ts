import { describe, expect, it } from 'vitest';
import { timeouts } from '../../src/checks/timeouts.js';
import { isLive } from '../../src/engine/proc/process-table.js';
import type { Program } from '../../src/engine/program/program.js';
import { processesMarked, RUN_MARK_VARIABLE } from '../../src/engine/owner/run-mark.js';
import { engineFixtures } from '../helpers/engine-fixtures.js';
import { fixture } from '../helpers/paths.js';

const start = engineFixtures();

// Starts a fixture that prints "<word> <pid>" of a process it leaves behind, and returns that pid once printed.
async function leftBehind(program: Program, word: string): Promise<number> {
  const found = await program.waitForLine('stdout', new RegExp(`^${word} \\d+$`), { timeoutMs: timeouts.startMs });
  return Number(found.line.split(' ')[1]);
}

describe.runIf(process.platform === 'linux')('cleanup finds every process of a run', () => {
  it('marks the run: the program and what it starts carry a mark of their own', async () => {
    const program = start('starts-a-detached-child.js');
    const child = await leftBehind(program, 'child');
    // Its owner (this process: pid, start time, pid namespace), then a value of the run's own.
    expect(program.mark).toMatch(new RegExp(`^o${process.pid}_\\d+_\\d+_[0-9a-f-]{36}$`));
    await program.waitForExit({ timeoutMs: timeouts.exitMs });
    expect(processesMarked(program.mark)).toEqual([child]);
    expect(RUN_MARK_VARIABLE).toBe('SCALING_NODE_WORKSHOP_RUN');
  });

  it('ends a child that left the group (detached: true) after the program itself has exited', async () => {
    const program = start('starts-a-detached-child.js');
    const child = await leftBehind(program, 'child');
    await program.waitForExit({ timeoutMs: timeouts.exitMs });
    expect(isLive(child)).toBe(true);
    const report = await program.stop();
    expect(report).toMatchObject({ wasAlive: true, escaped: 1, empty: true });
    expect(isLive(child)).toBe(false);
  });

  it('ends a double-forked daemon: an orphan in a session of its own', async () => {
    const program = start('double-forks-a-daemon.js');
    const daemon = await leftBehind(program, 'daemon');
    await program.waitForExit({ timeoutMs: timeouts.exitMs });
    expect(isLive(daemon)).toBe(true);
    const report = await program.stop();
    expect(report.empty).toBe(true);
    expect(isLive(daemon)).toBe(false);
    expect(processesMarked(program.mark)).toEqual([]);
  });

  it('ends a program that stops itself (SIGSTOP) when it gets SIGTERM', async () => {
    const program = start('stops-itself-on-sigterm.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: timeouts.startMs });
    const report = await program.stop();
    expect(report).toMatchObject({ wasAlive: true, forced: true, empty: true });
    expect(isLive(program.pid)).toBe(false);
  });

  it('ends a program that was stopped before cleanup', async () => {
    const program = start('hangs.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: timeouts.startMs });
    program.kill('SIGSTOP');
    const report = await program.stop();
    expect(report).toMatchObject({ wasAlive: true, empty: true });
    expect(isLive(program.pid)).toBe(false);
  });

  it('ends a child that ignores every signal it can, in a session of its own', async () => {
    const program = start('starts-a-child-that-ignores-signals.js');
    const child = await leftBehind(program, 'child');
    const report = await program.stop();
    expect(report).toMatchObject({ wasAlive: true, forced: true, empty: true });
    expect(isLive(child)).toBe(false);
  });
});
