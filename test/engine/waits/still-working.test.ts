import { describe, expect, it } from 'vitest';
import { readProcess } from '../../../src/engine/proc/process-table.js';
import type { Program } from '../../../src/engine/program/program.js';
import { isStillWorking } from '../../../src/engine/waits/still-working.js';
import { engineFixtures } from '../../helpers/engine-fixtures.js';

const start = engineFixtures();

// Waits until the program has printed its first line, so it is past node's own start.
async function afterFirstLine(program: Program): Promise<void> {
  await program.waitForLine('stdout', () => true, { timeoutMs: 20_000 });
}

describe.runIf(process.platform === 'linux')('isStillWorking', () => {
  it('is true for a program that computes', async () => {
    const program = start('busy-loops.js');
    expect(await isStillWorking(program.pid)).toBe(true);
  });

  it('is false for a program that sleeps, waiting for nothing', async () => {
    const program = start('hangs.js');
    await afterFirstLine(program);
    // Asleep in its event loop once node's own start is over: no CPU time within the window, not runnable.
    await expect.poll(() => isStillWorking(program.pid), { timeout: 20_000, interval: 0 }).toBe(false);
  });

  it('is false for a program woken now and then by a timer that does nothing: its wakes cost no CPU time to speak of', async () => {
    const program = start('wakes-on-a-timer.js');
    await afterFirstLine(program);
    await expect.poll(() => isStillWorking(program.pid), { timeout: 20_000, interval: 0 }).toBe(false);
  });

  it('is true for a program that ends within the window: it worked up to its exit, which is on its way', async () => {
    const program = start('hangs.js');
    await afterFirstLine(program);
    await expect.poll(() => isStillWorking(program.pid), { timeout: 20_000, interval: 0 }).toBe(false);
    const verdict = isStillWorking(program.pid, 2_000);
    program.kill('SIGKILL');
    expect(await verdict).toBe(true);
  });

  it('is true for a program whose main thread waits on a worker thread that computes: that thread is runnable', async () => {
    const program = start('waits-on-a-busy-thread.js');
    await afterFirstLine(program);
    // A window too short for a clock tick: only the worker thread's state can tell.
    expect(await isStillWorking(program.pid, 1)).toBe(true);
  });

  it('is true for a process that has ended but whose parent has yet to hear (a zombie): its exit is on its way', async () => {
    const program = start('leaves-a-zombie-child.js');
    const child = Number((await program.waitForLine('stdout', () => true, { timeoutMs: 20_000 })).line);
    await expect.poll(() => readProcess(child)?.state, { timeout: 20_000, interval: 10 }).toBe('Z');
    expect(await isStillWorking(child)).toBe(true);
  });

  it('is false for a program that has exited', async () => {
    const program = start('exits-early.js');
    await program.exited;
    expect(await isStillWorking(program.pid)).toBe(false);
  });
});
