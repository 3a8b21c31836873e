import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { threadWait, watchDormant, type Asleep } from '../../../src/engine/waits/dormancy.js';
import type { Program } from '../../../src/engine/program/program.js';
import { WaitError } from '../../../src/engine/waits/wait-errors.js';
import { engineFixtures } from '../../helpers/engine-fixtures.js';

const start = engineFixtures();

// Each thread of a process: its name, state and the syscall it is in, for a failure's message.
function threadWaitsOf(pid: number): string {
  try {
    return readdirSync(`/proc/${pid}/task`)
      .map((tid) => {
        const read = (file: string) => readFileSync(`/proc/${pid}/task/${tid}/${file}`, 'utf8').trim();
        return `${tid} ${read('comm')} ${read('stat').split(') ')[1]?.slice(0, 1)}: ${read('syscall')}`;
      })
      .join('\n');
  } catch (error) {
    return `threads of ${pid} unreadable: ${(error as Error).message}`;
  }
}

// /proc/<pid>/task/<tid>/syscall lines as the kernel writes them: the number, six arguments, sp and pc.
const line = (nr: number, fourth: string) => `${nr} 0x10 0x7ffd741826a0 0x400 ${fourth} 0x0 0x8 0x7ffd74181940 0x7ff69b446cae`;

describe('threadWait', () => {
  it('reads an event wait: its timeout counts from the start at the earliest, -1 is none', () => {
    expect(threadWait(line(281, '0xea60'), 1_000, 'x64')).toEqual({ wakes: 'at', at: 61_000 });
    expect(threadWait(line(232, '0x0'), 1_000, 'x64')).toEqual({ wakes: 'at', at: 1_000 });
    expect(threadWait(line(281, '0xffffffff'), 1_000, 'x64')).toEqual({ wakes: 'never' });
    expect(threadWait(line(281, '0xffffffffffffffff'), 1_000, 'x64')).toEqual({ wakes: 'never' });
    expect(threadWait(line(22, '0x7530'), 0, 'arm64')).toEqual({ wakes: 'at', at: 30_000 });
  });

  it('takes a futex or epoll_pwait2 without a timeout as a wait for another thread, one with a timeout as any time', () => {
    expect(threadWait(line(202, '0x0'), 0, 'x64')).toEqual({ wakes: 'never' });
    expect(threadWait(line(202, '0x7f00aa10'), 0, 'x64')).toEqual({ wakes: 'any time' });
    expect(threadWait(line(98, '0x0'), 0, 'arm64')).toEqual({ wakes: 'never' });
    expect(threadWait(line(441, '0x7ffd0010'), 0, 'x64')).toEqual({ wakes: 'any time' });
  });

  it('takes anything else as a wait that may end at any moment', () => {
    // nanosleep, read, wait4; a thread not in a syscall; one running; an architecture without a table.
    for (const text of [line(230, '0x0'), line(0, '0x0'), line(61, '0x0'), '-1 0x7ffdfe615aa8 0x7f9abbc90ac4', 'running']) {
      expect(threadWait(text, 0, 'x64')).toEqual({ wakes: 'any time' });
    }
    expect(threadWait(line(281, '0xffffffff'), 0, 'riscv64')).toEqual({ wakes: 'any time' });
  });
});

// Resolves with the first report of a watch over `program` until `until`, or with 'exited' when the program ends first.
function watchUntilExit(program: Program, until: number): Promise<Asleep | 'exited'> {
  return new Promise((resolve) => {
    const stop = watchDormant(program, until, resolve);
    void program.exited.then(() => {
      stop();
      resolve('exited');
    });
  });
}

describe.runIf(process.platform === 'linux')('watchDormant', () => {
  it('reports a program asleep on a timer beyond the deadline, saying when the timer is due at the earliest', async () => {
    const program = start('hangs.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: 20_000 });
    const asleep = await watchUntilExit(program, Date.now() + 5_000);
    expect(asleep).toMatchObject({ stopped: 0, processes: 1 });
    expect((asleep as Asleep).nextTimerMs).toBeGreaterThan(5_000 - (Date.now() - program.startedAt));
  });

  it('does not report a program whose own timer ends before the deadline: it goes on by itself', async () => {
    const program = start('exits-after-a-timer.js');
    expect(await watchUntilExit(program, Date.now() + 30_000)).toBe('exited');
    expect(program.exitInfo).toEqual({ code: 0, signal: null });
  });

  it('reports a stopped program as stopped', async () => {
    const program = start('stops-itself-on-sigterm.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: 20_000 });
    program.kill('SIGTERM');
    expect(await watchUntilExit(program, Date.now() + 5_000)).toMatchObject({ stopped: 1, processes: 1 });
  });

  it('does not report a program while one of its processes sleeps in a wait it cannot read', async () => {
    const program = start('waits-for-a-sleeping-child.js');
    const control = start('hangs.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: 20_000 });
    await control.waitForLine('stdout', 'ready', { timeoutMs: 20_000 });
    const reports: Asleep[] = [];
    const stop = watchDormant(program, Date.now() + 60_000, (asleep) => reports.push(asleep));
    // A program that sleeps for good is seen as such twice over in the meantime: the watch had its chances.
    for (let round = 0; round < 2; round++) await watchUntilExit(control, Date.now() + 5_000);
    stop();
    expect(reports).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('watchAsleep with a horizon', () => {
  it('looks only that far ahead of each sample: a 60 s timer is beyond 3 s, though not beyond a 120 s deadline', async () => {
    const program = start('hangs.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: 20_000 });
    const asleep = await new Promise<Asleep>((resolve) => program.watchAsleep(120_000, resolve, 3_000));
    expect(asleep.nextTimerMs).toBeGreaterThan(3_000);
  });

  it('does not report a program whose timer is due within the horizon', async () => {
    const program = start('exits-after-a-timer.js');
    const reports: Asleep[] = [];
    const stop = program.watchAsleep(120_000, (asleep) => reports.push(asleep), 3_000);
    await program.exited;
    stop();
    expect(reports).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('a wait on a program that fell asleep for good', () => {
  // hangs.js sleeps on a 60 s timer: far beyond these deadlines. They are shorter than the 8.1 s period of
  // V8's memory reducer, which Node 24 re-arms for as long as a program sleeps after a full GC (seen in CI,
  // the main thread in epoll_wait for 8100 ms): a longer wait then sees a wake before its deadline, and
  // rightly runs to it.
  it('ends before its deadline, saying so', async () => {
    const program = start('hangs.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: 20_000 });
    const waited = program.waitForExit({ timeoutMs: 5_000 });
    await expect(waited).rejects.toBeInstanceOf(WaitError);
    await expect(waited).rejects.toMatchObject({ reason: 'asleep', asleep: { stopped: 0, processes: 1 } });
  });

  it('ends a wait for a line the program will never print', async () => {
    const program = start('hangs.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: 20_000 });
    const ended = await program.waitForLine('stdout', 'never printed', { timeoutMs: 5_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    // What each thread waits in says why, should the wait run to its deadline.
    expect(ended, threadWaitsOf(program.pid)).toMatchObject({ reason: 'asleep' });
  });
});
