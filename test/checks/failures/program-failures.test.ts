import { describe, expect, it } from 'vitest';
import {
  crashFailure,
  crashOf,
  endedEarlyFailure,
  exitExpectation,
  faultFailure,
  FIX_THE_ERROR,
  missingLineFailure,
  stillRunningFailure,
  timedOut,
  wrongExitFailure,
} from '../../../src/checks/failures/program-failures.js';
import type { ExitInfo } from '../../../src/engine/program/exit-info.js';

const file = '/home/ada/workshop/06-signals.js';
const thrown = ['file:///home/ada/workshop/06-signals.js:4', '', 'TypeError: nope is not a function', '    at file:///home/ada/workshop/06-signals.js:4:3'].join('\n');

// A program as the wording sees it: how it ended and what it wrote to stderr.
function program(exitInfo: ExitInfo | undefined, stderr = '', spawnError?: Error) {
  return { pid: 4242, file, exitInfo, spawnError, stderr: { text: stderr, lines: stderr.split('\n') } };
}

describe('crashOf', () => {
  it('names the learner\'s error and where it was thrown', () => {
    expect(crashOf(program({ code: 1, signal: null }, thrown))).toBe('TypeError: nope is not a function (06-signals.js:4)');
  });

  it('finds no crash while the program runs, after exit code 0, or without an error on stderr', () => {
    expect(crashOf(program(undefined, thrown))).toBeUndefined();
    expect(crashOf(program({ code: 0, signal: null }, thrown))).toBeUndefined();
    expect(crashOf(program({ code: 1, signal: null }, 'invalid PORT: 0'))).toBeUndefined();
  });

  it('says when node could not start the program', () => {
    expect(crashOf(program({ code: null, signal: null }, '', new Error('spawn EACCES')))).toBe('could not start: spawn EACCES');
  });
});

describe('crashFailure', () => {
  it('says the program crashed, with the one "fix the error" hint', () => {
    expect(crashFailure(program({ code: 1, signal: null }, thrown), { expected: 'no error' })).toMatchObject({
      message: 'The program crashed: TypeError: nope is not a function (06-signals.js:4)',
      expected: 'no error',
      actual: 'TypeError: nope is not a function (06-signals.js:4)',
      hint: FIX_THE_ERROR,
    });
  });

  it('keeps a hint of the lesson\'s own, and is undefined without a crash', () => {
    expect(crashFailure(program({ code: 1, signal: null }, thrown), { expected: 'x', hint: 'do not throw' })?.hint).toBe('do not throw');
    expect(crashFailure(program({ code: 1, signal: null }, ''), { expected: 'x' })).toBeUndefined();
  });
});

describe('exit failures', () => {
  it('words the expectation', () => {
    expect(exitExpectation(0)).toBe('exit with code 0');
    expect(exitExpectation(1, '(a line went to stderr)')).toBe('exit with code 1 (a line went to stderr)');
  });

  it('says the program was still running', () => {
    const failure = stillRunningFailure(program(undefined), { outcome: 'timeout', timeoutMs: 5000 }, 'exit with code 0 after SIGTERM');
    expect(failure).toMatchObject({ message: 'The program was still running 5 s later; it should exit with code 0 after SIGTERM.', actual: 'still running after 5 s' });
    expect(failure.hint).toMatch(/keeps the event loop busy/);
    expect(stillRunningFailure(program(undefined), { outcome: 'timeout', timeoutMs: 50 }, 'exit with code 0', 'end it').hint).toBe('end it');
  });

  it('says how the program sleeps when it was seen asleep before the deadline', () => {
    const asleep = { nextTimerMs: 59_600, stopped: 0, processes: 1 };
    expect(stillRunningFailure(program(undefined), { outcome: 'timeout', timeoutMs: 5000, asleep }, 'exit with code 0')).toMatchObject({
      message: 'The program did not exit: the program is still running, but idle: no timer is due for 59 s or more, and nothing else will wake it. It should exit with code 0.',
      actual: 'still running, idle: no timer is due for 59 s or more, and nothing else will wake it',
    });
  });
});

describe('timedOut', () => {
  it('says how long the wait was, or nothing of time when the program was seen asleep', () => {
    expect(timedOut({ outcome: 'timeout', timeoutMs: 3000 })).toEqual({ within: ' within 3 s', running: 'the program is still running', actual: 'still running after 3 s' });
    const noTimer = timedOut({ outcome: 'timeout', timeoutMs: 3000, asleep: { nextTimerMs: undefined, stopped: 0, processes: 3 } });
    expect(noTimer.within).toBe('');
    expect(noTimer.running).toBe('the program is still running, but idle, waiting for something that will not come: it has no timer, and an open handle (a server, stdin, an IPC channel) keeps it alive');
  });

  it('says so when the program is stopped, and how many of its processes are', () => {
    expect(timedOut({ outcome: 'timeout', timeoutMs: 3000, asleep: { nextTimerMs: undefined, stopped: 1, processes: 1 } }).running).toBe(
      'the program is still running, but stopped (SIGSTOP): it does nothing until it is continued',
    );
    expect(timedOut({ outcome: 'timeout', timeoutMs: 3000, asleep: { nextTimerMs: 10_000, stopped: 2, processes: 3 } }).running).toBe(
      'the program is still running, but stopped (SIGSTOP, 2 of its 3 processes): it does nothing until it is continued',
    );
  });

  it('rounds a timer down, to whole seconds from one second on', () => {
    expect(timedOut({ outcome: 'timeout', timeoutMs: 3000, asleep: { nextTimerMs: 400.7, stopped: 0, processes: 1 } }).running).toMatch(/due for 400 ms or more/);
    expect(timedOut({ outcome: 'timeout', timeoutMs: 3000, asleep: { nextTimerMs: 4_999, stopped: 0, processes: 1 } }).running).toMatch(/due for 4 s or more/);
  });

  it('names a wrong exit code, or the crash behind it', () => {
    expect(wrongExitFailure(program({ code: 3, signal: null }), { code: 3, signal: null }, 'exit with code 0', 'exit 0')).toMatchObject({
      message: 'The program exited with code 3; it should exit with code 0.',
      actual: 'exited with code 3',
      hint: 'exit 0',
    });
    expect(wrongExitFailure(program({ code: 1, signal: null }, thrown), { code: 1, signal: null }, 'exit with code 0', 'exit 0')).toMatchObject({
      message: 'The program crashed: TypeError: nope is not a function (06-signals.js:4)',
      actual: 'exited with code 1 after throwing TypeError: nope is not a function (06-signals.js:4)',
      hint: FIX_THE_ERROR,
    });
  });

  it('names the signal that killed the program, not an error another of its processes printed', () => {
    expect(wrongExitFailure(program({ code: null, signal: 'SIGTERM' }, thrown), { code: null, signal: 'SIGTERM' }, 'exit with code 0 after SIGTERM', 'handle SIGTERM')).toMatchObject({
      message: 'The program was killed by SIGTERM; it should exit with code 0 after SIGTERM.',
      actual: 'was killed by SIGTERM',
      hint: 'handle SIGTERM',
    });
  });
});

describe('missingLineFailure', () => {
  it('says the line did not come in time while the program ran', () => {
    expect(missingLineFailure(program(undefined), '"stopping" on stdout after SIGTERM', { outcome: 'timeout', timeoutMs: 3000 }, 'handle SIGTERM')).toEqual({
      message: 'Expected "stopping" on stdout after SIGTERM, but no such line within 3 s (the program is still running).',
      expected: '"stopping" on stdout after SIGTERM',
      actual: 'no such line within 3 s (the program is still running)',
      hint: 'handle SIGTERM',
      program: expect.anything(),
    });
  });

  it('says how the program ended without it, or that it crashed first', () => {
    const killed = { code: null, signal: 'SIGTERM' } as const;
    expect(missingLineFailure(program(killed), '"stopping" on stdout', { outcome: 'exited', exit: killed }).message).toBe(
      'Expected "stopping" on stdout, but the program was killed by SIGTERM without printing it.',
    );
    const crashed = { code: 1, signal: null };
    expect(missingLineFailure(program(crashed, thrown), '"x" on stdout', { outcome: 'exited', exit: crashed }).actual).toBe(
      'the program crashed first: TypeError: nope is not a function (06-signals.js:4)',
    );
  });
});

describe('endedEarlyFailure', () => {
  const fields = { until: 'it gets SIGINT or SIGTERM', expected: 'keeps running until SIGINT or SIGTERM', hint: 'keep it alive' };

  it('says how the program ended before it should have', () => {
    expect(endedEarlyFailure(program({ code: 0, signal: null }), 'printing "count = 1"', fields)).toMatchObject({
      message: 'The program exited with code 0 before printing "count = 1"; it must keep running until it gets SIGINT or SIGTERM.',
      actual: 'exited with code 0',
      hint: 'keep it alive',
    });
  });

  it('names the crash when it threw', () => {
    expect(endedEarlyFailure(program({ code: 1, signal: null }, thrown), 'printing "count = 1"', fields)).toMatchObject({
      message: 'The program crashed before printing "count = 1": TypeError: nope is not a function (06-signals.js:4)',
      hint: FIX_THE_ERROR,
    });
  });
});

describe('faultFailure', () => {
  it('says what a flood printed, how much and how fast, and that the check stopped it', () => {
    const failure = faultFailure(program(undefined), { fault: 'flood', overflow: { stream: 'stdout', limit: { bytes: 1_000_000 }, at: 0 }, afterMs: 300 });
    expect(failure.message).toBe('The program printed more than 1 MB on stdout in 300 ms; the check stopped it.');
    expect(failure.actual).toBe('more than 1 MB on stdout in 300 ms');
    expect(faultFailure(program(undefined), { fault: 'flood', overflow: { stream: 'stderr', limit: { lines: 62_500 }, at: 0 }, afterMs: 1_400 }).message).toBe(
      'The program printed more than 62,500 lines on stderr in 1.4 s; the check stopped it.',
    );
  });

  it('says which process spun, and for how much CPU time', () => {
    expect(faultFailure(program(undefined), { fault: 'busy', busy: { pid: 4242, cpuMs: 2_500, wallMs: 2_600, printed: 0 } }).message).toBe(
      'The program kept a core busy for 2.5 s of CPU time without printing anything; the check stopped it.',
    );
    expect(faultFailure(program(undefined), { fault: 'busy', busy: { pid: 77, cpuMs: 2_600, wallMs: 9_000, printed: 0 } }).message).toMatch(/^A process the program started \(pid 77\) kept a core busy for 2\.6 s/);
  });

  it('never says "without printing anything" of a program that printed', () => {
    const failure = faultFailure(program(undefined), { fault: 'busy', busy: { pid: 4242, cpuMs: 2_500, wallMs: 2_600, printed: 11_000 } });
    expect(failure.message).toBe('The program kept a core busy for 2.5 s of CPU time without printing anything more; the check stopped it.');
    expect(failure.actual).toBe('2.5 s of CPU time, no more output');
  });

  it('says how much memory the program used, against which limit, and how fast it grew', () => {
    const memory = { limitMb: 512, usedMb: 530.4, processes: 1, largestPid: 4242, afterMs: 1_400, growthMbPerSecond: 378.9 };
    const failure = faultFailure(program(undefined), { fault: 'memory', memory });
    expect(failure.message).toBe('The program used more than 512 MB of memory (530 MB 1.4 s after it started, about 379 MB a second); the check stopped it.');
    expect(failure.expected).toBe('at most 512 MB of memory');
    expect(failure.actual).toBe('530 MB after 1.4 s');
    expect(failure.hint).toMatch(/grows without end/);
    const together = faultFailure(program(undefined), { fault: 'memory', memory: { ...memory, processes: 3, limitMb: 1024, usedMb: 1100 } });
    expect(together.message).toMatch(/^The program's 3 processes together used more than 1024 MB of memory \(1100 MB/);
  });

  it('says when the output stopped arriving while the memory grew: writes queued by a loop that never yields', () => {
    const memory = { limitMb: 512, usedMb: 520, processes: 1, largestPid: 4242, afterMs: 2_000, growthMbPerSecond: 260, outputStalled: { bytes: 11_000, lines: 110 } };
    const failure = faultFailure(program(undefined), { fault: 'memory', memory });
    expect(failure.message).toBe(
      'The program used more than 512 MB of memory (520 MB 2 s after it started, about 260 MB a second); the check stopped it. It printed 11 KB (110 lines), then its output stopped arriving while its memory kept growing: it writes faster than its output can be sent.',
    );
    expect(failure.message).not.toMatch(/without printing/);
    expect(failure.hint).toMatch(/never gives it a turn/);
  });

  it('says the same of such a loop found spinning before it passed its limit (a machine slow to give it memory)', () => {
    const memory = { limitMb: 512, usedMb: 431, processes: 2, largestPid: 4242, afterMs: 3_100, growthMbPerSecond: 139, outputStalled: { bytes: 64_000, lines: 655 }, busyCpuMs: 2_600 };
    const failure = faultFailure(program(undefined), { fault: 'memory', memory });
    expect(failure.message).toBe(
      'The program kept a core busy for 2.6 s of CPU time while its memory grew to 431 MB (3.1 s after it started, about 139 MB a second); the check stopped it. It printed 64 KB (655 lines), then its output stopped arriving while its memory kept growing: it writes faster than its output can be sent.',
    );
    expect(failure.expected).toBe('output that is sent as it is written');
    expect(failure.actual).toBe('no output for 2.6 s of CPU time while its memory grew to 431 MB');
    expect(failure.hint).toMatch(/never gives it a turn/);
  });
});
