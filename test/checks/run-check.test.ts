import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../src/checks/check-context.js';
import { defineCheck, type Check } from '../../src/checks/define-check.js';
import { runCheck } from '../../src/checks/run-check.js';
import type { Program } from '../../src/engine/program/program.js';
import { groupMembers } from '../../src/engine/terminate/group-members.js';
import { fixture } from '../helpers/paths.js';

const run = (check: Check, file = fixture('engine', 'hangs.js'), signal?: AbortSignal) => runCheck(check, { lesson: 'lesson-0', title: 'Test', file, signal });

describe('runCheck', () => {
  it('passes when every step passes, and stops every program it started', async () => {
    let program: Program | undefined;
    const result = await run(
      defineCheck(async (t) => {
        await t.step('prints ready', async () => {
          program = t.start();
          await t.waitForLine(program, 'stdout', 'ready');
        });
      }),
    );
    expect(result).toMatchObject({ lesson: 'lesson-0', title: 'Test', passed: true, steps: [{ title: 'prints ready', passed: true }] });
    expect(result.output).toBeUndefined();
    expect(groupMembers(program!.pid)).toEqual([]);
  });

  it('stops at the first failing step and keeps what the learner is told', async () => {
    const ran: string[] = [];
    const result = await run(
      defineCheck(async (t) => {
        await t.step('one', async () => {
          ran.push('one');
          t.fail({ message: 'went wrong', expected: 'this', actual: 'that', hint: 'try this' });
        });
        await t.step('two', async () => {
          ran.push('two');
        });
      }),
    );
    expect(ran).toEqual(['one']);
    expect(result.passed).toBe(false);
    expect(result.error).toBeUndefined();
    expect(result.steps).toEqual([{ title: 'one', passed: false, message: 'went wrong', expected: 'this', actual: 'that', hint: 'try this', durationMs: expect.any(Number) }]);
  });

  it('reports a bug in the check as the workshop\'s error, and still cleans up', async () => {
    let program: Program | undefined;
    const result = await run(
      defineCheck(async (t) => {
        await t.step('starts', async () => {
          program = t.start();
          await program.waitForLine('stdout', 'ready', { timeoutMs: 10_000 });
          throw new TypeError('oops in the check');
        });
      }),
    );
    expect(result.passed).toBe(false);
    expect(result.error).toBe('the check itself failed: oops in the check');
    expect(groupMembers(program!.pid)).toEqual([]);
  });

  it('records a step that could not be checked as not checked, and still passes', async () => {
    const result = await run(
      defineCheck(async (t) => {
        await t.step('checked', async () => {});
        t.note('the pids were not checked: this platform has no /proc');
      }),
    );
    expect(result.passed).toBe(true);
    expect(result.steps[1]).toEqual({ title: 'the pids were not checked: this platform has no /proc', passed: true, notChecked: true, durationMs: 0 });
  });

  it('is an error of the workshop when a check runs no step', async () => {
    const result = await run(defineCheck(async () => {}));
    expect(result).toMatchObject({ passed: false, error: 'the check ran no step' });
  });

  it('is cancelled, and cleans up, when the signal fires during a wait', async () => {
    const controller = new AbortController();
    let program: Program | undefined;
    const result = await run(
      defineCheck(async (t) => {
        await t.step('waits', async () => {
          program = t.start();
          await t.waitForLine(program, 'stdout', 'ready');
          controller.abort();
          await t.waitForLine(program, 'stdout', 'never printed', { timeoutMs: 10_000 });
        });
      }),
      undefined,
      controller.signal,
    );
    expect(result).toMatchObject({ passed: false, cancelled: true });
    expect(result.error).toBeUndefined();
    expect(groupMembers(program!.pid)).toEqual([]);
  });

  it('stays cancelled when a check turns a cancelled wait into a failure of its own', async () => {
    const controller = new AbortController();
    const result = await run(
      defineCheck(async (t) => {
        await t.step('waits', async () => {
          const program = t.start();
          await t.waitForLine(program, 'stdout', 'ready');
          controller.abort();
          try {
            await t.expectExit(program, 0, { timeoutMs: 10_000 });
          } catch {
            t.fail({ message: 'the learner must not see this' });
          }
        });
      }),
      undefined,
      controller.signal,
    );
    expect(result).toMatchObject({ passed: false, cancelled: true, steps: [] });
  });

  it('shows the output of the program that failed', async () => {
    const result = await run(
      defineCheck(async (t) => {
        await t.step('prints exactly', async () => {
          const program = t.start();
          await t.expectExit(program, 0);
          t.expectLines(program, 'stdout', ['out 1'], { hint: 'only one line' });
        });
      }),
      fixture('engine', 'writes-both-streams.js'),
    );
    expect(result.steps[0]).toMatchObject({ passed: false, message: 'Line 2 of stdout should not be there: "out 2".', hint: 'only one line' });
    expect(result.output).toEqual({ stdout: 'out 1\nout 2', stderr: 'err 1\nerr 2' });
  });
});

describe('CheckContext waits, as a learner reads them', () => {
  // Runs one step against a fixture and returns it.
  async function step(name: string, body: (t: CheckContext) => Promise<void>) {
    const result = await run(defineCheck(async (t) => t.step('the step', () => body(t))), fixture('engine', name));
    return result.steps[0]!;
  }

  it('expectExit names a wrong exit code', async () => {
    expect(await step('exits-early.js', async (t) => void (await t.expectExit(t.start(), 3, { hint: 'exit with 3' })))).toMatchObject({
      passed: false,
      message: 'The program exited with code 0; it should exit with code 3.',
      expected: 'exit with code 3',
      actual: 'exited with code 0',
      hint: 'exit with 3',
    });
  });

  it('expectExit names the learner\'s crash', async () => {
    expect(await step('crashes.js', async (t) => void (await t.expectExit(t.start(), 0)))).toMatchObject({
      passed: false,
      message: 'The program crashed: Error: boom from the fixture (crashes.js:3)',
    });
  });

  it('expectExit says when the program keeps running', async () => {
    // Past its start, and waiting on a child that sleeps in the kernel: nothing tells whether it will go on.
    const result = await step('waits-for-a-sleeping-child.js', async (t) => {
      const program = t.start();
      await t.waitForLine(program, 'stdout', 'ready');
      await t.expectExit(program, 0, { timeoutMs: 50 });
    });
    expect(result).toMatchObject({ passed: false, message: 'The program was still running 50 ms later; it should exit with code 0.', actual: 'still running after 50 ms' });
  });

  it.runIf(process.platform === 'linux')('expectExit says at once when the program sleeps with nothing due before its deadline', async () => {
    // hangs.js sleeps on a 60 s timer: the step ends before its 5 s deadline, saying how the program sleeps.
    // (Not a longer one: after a full GC, Node 24's V8 wakes a sleeping program every 8.1 s.)
    const result = await step('hangs.js', async (t) => {
      const program = t.start();
      await t.waitForLine(program, 'stdout', 'ready');
      await t.expectExit(program, 0, { timeoutMs: 5_000 });
    });
    expect(result).toMatchObject({
      passed: false,
      message: expect.stringMatching(/^The program did not exit: the program is still running, but idle: no timer is due for \d+ s or more, and nothing else will wake it\. It should exit with code 0\.$/),
    });
  });

  it('waitForLine says when the program ended without the line', async () => {
    expect(await step('exits-early.js', async (t) => void (await t.waitForLine(t.start(), 'stdout', 'hello', { after: 'at start', hint: 'say hello' })))).toMatchObject({
      passed: false,
      message: 'Expected "hello" on stdout at start, but the program exited with code 0 without printing it.',
      hint: 'say hello',
    });
  });

  it('waitForLine says when nothing came in time', async () => {
    expect(await step('hangs.js', async (t) => void (await t.waitForLine(t.start(), 'stdout', /^count/, { timeoutMs: 50 })))).toMatchObject({
      passed: false,
      message: 'Expected a line matching /^count/ on stdout, but no such line within 50 ms (the program is still running).',
    });
  });

  it('untilLine and untilExit say how a wait ended, without failing the step', async () => {
    const seen: string[] = [];
    const result = await step('exits-early.js', async (t) => {
      const program = t.start();
      const line = await t.untilLine(program, 'stdout', 'hello');
      seen.push(line.outcome);
      if (line.outcome === 'exited') seen.push(`code ${line.exit.code}`);
      seen.push((await t.untilExit(program)).outcome);
    });
    expect(result.passed).toBe(true);
    expect(seen).toEqual(['exited', 'code 0', 'exited']);
    const waits: string[] = [];
    const hanging = await step('hangs.js', async (t) => {
      const program = t.start();
      const line = await t.untilLine(program, 'stdout', 'ready');
      waits.push(line.outcome === 'found' ? `found ${line.line} at ${line.index}` : line.outcome);
      const exit = await t.untilExit(program, { timeoutMs: 50 });
      waits.push(exit.outcome === 'timeout' ? `timeout ${exit.timeoutMs}` : exit.outcome);
    });
    expect(hanging.passed).toBe(true);
    expect(waits).toEqual(['found ready at 0', 'timeout 50']);
  });

  it('expectLines ignores trailing spaces, \\r and blank lines at the end', async () => {
    const result = await step('prints-without-newline.js', async (t) => {
      const program = t.start();
      await t.expectExit(program, 0);
      t.expectLines(program, 'stdout', ['first', 'last without newline']);
      t.expectLines(program, 'stderr', []);
    });
    expect(result.passed).toBe(true);
  });
});
