import { afterEach, describe, expect, it } from 'vitest';
import { describeCrash } from '../../../src/checks/describe-crash.js';
import { timeouts } from '../../../src/checks/timeouts.js';
import { DEFAULT_CAPTURE_BYTES } from '../../../src/engine/program/output-capture.js';
import { pollUntil } from '../../../src/engine/waits/poll-until.js';
import { readProcess } from '../../../src/engine/proc/process-table.js';
import { startProgram, type Program, type StartOptions } from '../../../src/engine/program/program.js';
import { RUN_MARK_VARIABLE } from '../../../src/engine/owner/run-mark.js';
import { groupMembers } from '../../../src/engine/terminate/group-members.js';
import { trackedGroups } from '../../../src/engine/terminate/live-groups.js';
import { WaitError } from '../../../src/engine/waits/wait-errors.js';
import { fixture } from '../../helpers/paths.js';

const started: Program[] = [];

// Starts a fixture of test/fixtures/engine; every program is stopped after its test.
function start(name: string, options: Omit<StartOptions, 'file'> = {}): Program {
  const program = startProgram({ file: fixture('engine', name), ...options });
  started.push(program);
  return program;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((program) => program.stop()));
});

// The WaitError a promise rejects with (fails the test if it resolves or rejects with something else).
async function waitError(promise: Promise<unknown>): Promise<WaitError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WaitError);
  return error as WaitError;
}

describe('waiting for lines', () => {
  it('resolves when the line is printed, with its index', async () => {
    const program = start('hangs.js');
    await expect(program.waitForLine('stdout', 'ready', { timeoutMs: timeouts.startMs })).resolves.toEqual({ line: 'ready', index: 0 });
    expect(program.running).toBe(true);
  });

  it('rejects with reason "exited" when the program ends without the line', async () => {
    const program = start('exits-early.js');
    const error = await waitError(program.waitForLine('stdout', 'never printed', { timeoutMs: timeouts.startMs }));
    expect(error.reason).toBe('exited');
    expect(error.exit).toEqual({ code: 0, signal: null });
  });

  it('finds the last line a program printed even though it has exited since', async () => {
    const program = start('exits-early.js');
    await program.exited;
    await expect(program.waitForLine('stdout', 'bye', { timeoutMs: 1 })).resolves.toEqual({ line: 'bye', index: 0 });
  });

  it('rejects with reason "timeout" when the line does not come while the program runs', async () => {
    const program = start('hangs.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: timeouts.startMs });
    const error = await waitError(program.waitForLine('stdout', 'never printed', { timeoutMs: 50 }));
    expect(error.reason).toBe('timeout');
    expect(program.running).toBe(true);
  });

  it('searches from a given line on', async () => {
    const program = start('repeats-lines.js');
    await expect(program.waitForLine('stdout', 'tick', { timeoutMs: timeouts.startMs, from: 1 })).resolves.toEqual({ line: 'tick', index: 2 });
    await expect(program.waitForLine('stdout', 'tick', { timeoutMs: timeouts.startMs })).resolves.toEqual({ line: 'tick', index: 0 });
  });

  it('matches patterns and tests as well as exact lines', async () => {
    const program = start('repeats-lines.js');
    await expect(program.waitForLine('stdout', /^to/, { timeoutMs: timeouts.startMs })).resolves.toMatchObject({ line: 'tock' });
    await expect(program.waitForLine('stdout', (line) => line.endsWith('ck') && line !== 'tick', { timeoutMs: timeouts.startMs })).resolves.toMatchObject({ index: 1 });
  });

  it('rejects with reason "cancelled" when the abort signal fires', async () => {
    const controller = new AbortController();
    const program = start('hangs.js', { signal: controller.signal });
    const waiting = program.waitForLine('stdout', 'never printed', { timeoutMs: timeouts.startMs });
    controller.abort();
    expect((await waitError(waiting)).reason).toBe('cancelled');
  });

  it('keeps a last line that has no newline after it', async () => {
    const program = start('prints-without-newline.js');
    await expect(program.waitForLine('stdout', 'last without newline', { timeoutMs: timeouts.startMs })).resolves.toEqual({ line: 'last without newline', index: 1 });
    await program.exited;
    expect(program.lines('stdout')).toEqual(['first', 'last without newline']);
  });
});

describe('waiting for the exit', () => {
  it('resolves with the exit code once the program has ended and its output is read', async () => {
    const program = start('exits-early.js');
    await expect(program.waitForExit({ timeoutMs: timeouts.exitMs })).resolves.toEqual({ code: 0, signal: null });
    expect(program.running).toBe(false);
    expect(program.lines('stdout')).toEqual(['bye']);
  });

  it('waits for output that comes after the exit while nothing of the program is left to hold its pipes', async () => {
    // Nothing of the program is alive (the writer left its session and its environment): the pipe's end is
    // certain to come, and a verdict must not be drawn from a part of the output (a busy machine reads late).
    const program = start('leaves-a-late-writer.js');
    await program.waitForExit({ timeoutMs: 30_000 });
    expect(program.lines('stdout')).toEqual(['early line', 'late line']);
  });

  it('rejects with reason "timeout" while the program keeps running', async () => {
    const program = start('hangs.js');
    const error = await waitError(program.waitForExit({ timeoutMs: 50 }));
    expect(error.reason).toBe('timeout');
    expect(error.waitedMs).toBe(50);
  });

  it('reports a crash: exit code 1 and the learner\'s error with file and line', async () => {
    const program = start('crashes.js');
    await expect(program.waitForExit({ timeoutMs: timeouts.exitMs })).resolves.toEqual({ code: 1, signal: null });
    expect(program.lines('stdout')).toEqual(['about to fail']);
    expect(describeCrash(program.stderr.text, program.file)).toBe('Error: boom from the fixture (crashes.js:3)');
  });

  it('reports a syntax error with file and line, and nothing on stdout', async () => {
    const program = start('syntax-error.js');
    await expect(program.waitForExit({ timeoutMs: timeouts.exitMs })).resolves.toEqual({ code: 1, signal: null });
    expect(program.lines('stdout')).toEqual([]);
    expect(describeCrash(program.stderr.text, program.file)).toMatch(/^SyntaxError: .+ \(syntax-error\.js:3\)$/);
  });
});

describe('output', () => {
  it('keeps stdout and stderr apart', async () => {
    const program = start('writes-both-streams.js');
    await program.exited;
    expect(program.lines('stdout')).toEqual(['out 1', 'out 2']);
    expect(program.lines('stderr')).toEqual(['err 1', 'err 2']);
  });

  it('caps what it keeps of an endless flood, goes on counting it, and cleanup ends the flooding program', async () => {
    const program = start('floods-stdout.js');
    const overflow = await new Promise((resolve) => program.stdout.onOverflow(resolve));
    expect(overflow).toMatchObject({ stream: 'stdout', limit: { bytes: DEFAULT_CAPTURE_BYTES } });
    // The program is still read (it is not blocked on a full pipe): the count goes on past the cap.
    const counted = program.stdout.bytes;
    await pollUntil(() => (program.stdout.bytes > counted + DEFAULT_CAPTURE_BYTES ? true : undefined), { timeoutMs: timeouts.startMs });
    expect(program.stdout.text.length).toBe(DEFAULT_CAPTURE_BYTES);
    expect(program.stdout.lines.length).toBe(DEFAULT_CAPTURE_BYTES / 100);
    expect(program.running).toBe(true);
    const report = await program.stop();
    expect(report).toMatchObject({ wasAlive: true, empty: true });
    expect(groupMembers(program.pid)).toEqual([]);
  });

  it('goes on reading past the cap (slowly), so a program that prints too much still ends and its exit is seen', async () => {
    const program = start('prints-past-the-cap-then-exits.js');
    await expect(program.waitForExit({ timeoutMs: timeouts.startMs })).resolves.toEqual({ code: 3, signal: null });
    expect(program.stdout.bytes).toBe(1_500_000);
    expect(program.stdout.truncated).toBe(true);
    expect(program.stdout.text).toHaveLength(DEFAULT_CAPTURE_BYTES);
  });

  it('does not crash when the program never reads a large stdin', async () => {
    const program = start('never-reads-stdin.js', { stdin: 'x'.repeat(8_000_000) });
    await expect(program.waitForExit({ timeoutMs: timeouts.exitMs })).resolves.toEqual({ code: 0, signal: null });
    expect(program.lines('stdout')).toEqual(['not reading']);
  });

  it.runIf(process.platform === 'linux')('holds stdout until the program exits: what a process.exit() drops is lost every time', async () => {
    const program = start('prints-many-lines.js', { args: ['exit'], holdStdout: true });
    expect(program.holdingStdout).toBe(true);
    await expect(program.stdoutHold).resolves.toBe('exited');
    await expect(program.waitForExit({ timeoutMs: timeouts.startMs })).resolves.toEqual({ code: 3, signal: null });
    // Only what fit in the pipe and our read buffer got out, and it is a clean start of the output.
    expect(program.lines('stdout').length).toBeLessThan(50_000);
    expect(program.lines('stdout').slice(0, 3)).toEqual(['1', '2', '3']);
  });

  it.runIf(process.platform === 'linux')('holds stdout until the program sleeps on the full pipe, then reads all of it', async () => {
    const program = start('prints-many-lines.js', { holdStdout: true, captureBytes: 4_000_000 });
    await expect(program.stdoutHold).resolves.toBe('asleep');
    // Asleep, not gone: it waits for us to read, and only then ends.
    expect(program.running).toBe(true);
    expect(program.holdingStdout).toBe(false);
    await expect(program.waitForExit({ timeoutMs: timeouts.startMs })).resolves.toEqual({ code: 3, signal: null });
    expect(program.lines('stdout')).toHaveLength(100_000);
    expect(program.lines('stdout').at(-1)).toBe('100000');
  });

  it('reads stdout as it comes without holdStdout', async () => {
    const program = start('prints-many-lines.js', { args: ['exit'] });
    expect(program.holdingStdout).toBe(false);
    await expect(program.stdoutHold).resolves.toBeUndefined();
  });

  it('feeds stdin the given text, then closes it', async () => {
    const given = start('echoes-stdin.js', { stdin: 'a\nb\n' });
    await given.exited;
    expect(given.lines('stdout')).toEqual(['A', 'B', 'end']);
  });
});

describe('environment', () => {
  it('passes only the safe variables and the ones the check sets', async () => {
    process.env.SNW_TEST_SECRET = 'from the test process';
    try {
      const program = start('prints-env.js', { env: { ADDED: 'by the check', HOME: undefined } });
      await program.exited;
      const env = JSON.parse(program.lines('stdout')[0]!) as Record<string, string>;
      expect(env.SNW_TEST_SECRET).toBeUndefined();
      expect(env.ADDED).toBe('by the check');
      expect(env.HOME).toBeUndefined();
      expect(env.PATH).toBe(process.env.PATH);
    } finally {
      delete process.env.SNW_TEST_SECRET;
    }
  });

  it('takes the pass-through variables from the base environment given', async () => {
    const program = start('prints-env.js', { baseEnv: { PATH: '/only/this', NODE_OPTIONS: '--require ./evil.js', API_TOKEN: 'secret', PORT: '1234', NODE_ENV: 'production' } });
    await program.exited;
    // And the run's own mark, which cleanup finds the processes it starts by.
    expect(JSON.parse(program.lines('stdout')[0]!)).toEqual({ PATH: '/only/this', [RUN_MARK_VARIABLE]: program.mark });
  });
});

describe('processes', () => {
  it('runs TypeScript in the same process: its process.pid is the program\'s pid', async () => {
    const program = start('ts-program.ts');
    await expect(program.waitForExit({ timeoutMs: timeouts.startMs })).resolves.toEqual({ code: 0, signal: null });
    expect(program.lines('stdout')).toEqual(['typescript runs', `pid ${program.pid}`]);
  });

  it('signals only the program\'s pid with kill(), and not once it has exited', async () => {
    const program = start('ignores-sigterm.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: timeouts.startMs });
    expect(program.kill('SIGTERM')).toBe(true);
    await program.waitForLine('stdout', 'ignoring SIGTERM', { timeoutMs: timeouts.reactMs });
    expect(program.running).toBe(true);

    const ended = start('exits-early.js');
    await ended.exited;
    expect(ended.kill('SIGTERM')).toBe(false);
  });

  it('stop() ends a program and leaves its group empty', async () => {
    const program = start('hangs.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: timeouts.startMs });
    expect(groupMembers(program.pid)).toEqual([program.pid]);
    expect(trackedGroups()).toContain(program.pid);
    await expect(program.stop()).resolves.toEqual({ wasAlive: true, forced: false, escaped: 0, empty: true });
    expect(groupMembers(program.pid)).toEqual([]);
    expect(trackedGroups()).not.toContain(program.pid);
    await expect(program.exited).resolves.toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('stop() forces a program that ignores SIGTERM with SIGKILL', async () => {
    const program = start('ignores-sigterm.js');
    await program.waitForLine('stdout', 'ready', { timeoutMs: timeouts.startMs });
    await expect(program.stop()).resolves.toEqual({ wasAlive: true, forced: true, escaped: 0, empty: true });
    expect(groupMembers(program.pid)).toEqual([]);
    await expect(program.exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('stop() also ends a busy grandchild that outlived the program', async () => {
    const program = start('spawns-grandchild.js');
    const { line } = await program.waitForLine('stdout', /^grandchild \d+$/, { timeoutMs: timeouts.startMs });
    const grandchild = Number(line.split(' ')[1]);
    await expect(program.waitForExit({ timeoutMs: timeouts.exitMs })).resolves.toEqual({ code: 0, signal: null });
    expect(groupMembers(program.pid)).toEqual([grandchild]);
    await expect(program.stop()).resolves.toMatchObject({ wasAlive: true, empty: true });
    expect(groupMembers(program.pid)).toEqual([]);
    expect(['Z', 'X', undefined]).toContain(readProcess(grandchild)?.state);
  });

  it('stop() of a program that has already ended is quick and reports it', async () => {
    const program = start('exits-early.js');
    await program.exited;
    await expect(program.stop()).resolves.toEqual({ wasAlive: false, forced: false, escaped: 0, empty: true });
  });
});
