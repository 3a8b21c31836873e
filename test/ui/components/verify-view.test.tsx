import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { VerifyResult } from '../../../src/results/verify-result.js';
import type { Verification } from '../../../src/ui/hooks/use-verification.js';
import { VerifyView } from '../../../src/ui/components/verify-view.js';

const base: Verification = { target: 'learner', file: '/w/01-hello.js', running: true, cancelling: false, steps: [] };
const result = (fields: Partial<VerifyResult>): VerifyResult => ({ lesson: 'lesson-1', title: 'Hello World', file: '/w/01-hello.js', passed: false, durationMs: 120, steps: [], ...fields });
const show = (verification: Verification, nextLesson = true) => render(<VerifyView verification={verification} fileLabel="./01-hello.js" nextLesson={nextLesson} width={78} />).lastFrame() ?? '';

describe('verification view', () => {
  it('shows a spinner before the first step, then a running step with a spinner', () => {
    expect(show(base)).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] starting…/);
    const screen = show({ ...base, steps: [{ title: 'prints the pid', running: true, startedAt: Date.now() }] });
    expect(screen).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] prints the pid/);
    expect(screen).toContain('Ctrl-C cancels the check.');
    expect(screen).toContain('Checking ./01-hello.js');
  });

  it('marks finished steps with ✓ or ✗ and their time', () => {
    const screen = show({
      ...base,
      steps: [
        { title: 'first', running: false, result: { title: 'first', passed: true, durationMs: 12 } },
        { title: 'second', running: false, result: { title: 'second', passed: false, message: 'It went wrong.', durationMs: 2500 } },
      ],
    });
    expect(screen).toContain('✓ first (12 ms)');
    expect(screen).toContain('✗ second (2.5 s)');
    expect(screen).toContain('It went wrong.');
  });

  it('counts a failure among all the check\'s steps when the lesson states them', () => {
    const passed = { title: 'starts', passed: true, durationMs: 10 };
    const failed = { title: 'answers', passed: false, message: 'No answer.', durationMs: 10 };
    const screen = show({ ...base, running: false, steps: [], result: result({ steps: [passed, passed, failed], stepCount: 8 }) });
    expect(screen).toContain('✗ Not yet: stopped at step 3 of 8 (2 passed).');
  });

  it('on failure: expected against actual, the hint, stdout and stderr, and the count', () => {
    const step = { title: 'prints', passed: false, message: 'Line 1 differs.', expected: 'Hello World', actual: 'Hello  World', hint: 'Mind the spaces.', durationMs: 40 };
    const screen = show({ ...base, running: false, steps: [{ title: 'prints', running: false, result: step }], result: result({ steps: [step], output: { stdout: 'Hello  World', stderr: 'warning: x' } }) });
    expect(screen).toContain('✗ Not yet: stopped at step 1 (0 passed).');
    expect(screen).toContain('- Hello World');
    expect(screen).toContain('+ Hello ·World');
    expect(screen).toContain('(· space');
    expect(screen).toContain('try: Mind the spaces.');
    expect(screen).toMatch(/stdout \(last lines\):\n\s+Hello {2}World/);
    expect(screen).toMatch(/stderr \(last lines\):\n\s+warning: x/);
    expect(screen.indexOf('Not yet')).toBeLessThan(screen.indexOf('✗ prints'));
  });

  it('on a pass: a success line, and the offer of the solution and the next lesson', () => {
    const step = { title: 'prints', passed: true, durationMs: 40 };
    const passed = { ...base, running: false, steps: [{ title: 'prints', running: false as const, result: step }], result: result({ passed: true, steps: [step], durationMs: 80 }) };
    const screen = show(passed);
    expect(screen).toContain('✓ Passed in 80 ms (1 step). This lesson is marked as done.');
    expect(screen).toContain('n next lesson');
    expect(screen).toContain('s compare with the reference solution');
    expect(show(passed, false)).toContain('That was the last lesson.');
  });

  it('shows a step that could not be checked apart from ✓, and leaves it out of the count', () => {
    const checked = { title: 'prints', passed: true, durationMs: 40 };
    const note = { title: 'the pids were not checked: this platform has no /proc', passed: true, notChecked: true as const, durationMs: 0 };
    const steps = [checked, note].map((step) => ({ title: step.title, running: false as const, result: step }));
    const screen = show({ ...base, running: false, steps, result: result({ passed: true, steps: [checked, note], durationMs: 80 }) });
    expect(screen).toContain('○ the pids were not checked: this platform has no /proc (not checked)');
    expect(screen).not.toContain('✓ the pids were not checked');
    expect(screen).toContain('✓ Passed in 80 ms (1 step, 1 not checked on this platform).');
  });

  it('a demo of the reference solution says so', () => {
    const step = { title: 'prints', passed: true, durationMs: 40 };
    const screen = show({ ...base, target: 'solution', running: false, steps: [{ title: 'prints', running: false, result: step }], result: result({ passed: true, steps: [step] }) });
    expect(screen).toContain('Demo: checking the reference solution ./01-hello.js');
    expect(screen).toContain('✓ The reference solution passes: 1 step in 120 ms.');
  });

  it('a cancelled check says the program was stopped, and which step was cancelled', () => {
    const screen = show({ ...base, running: false, steps: [{ title: 'waits', running: false, cancelled: true }], result: result({ cancelled: true }) });
    expect(screen).toContain('■ waits (cancelled)');
    expect(screen).toContain('■ Cancelled: the program and everything it started have been stopped.');
    expect(show({ ...base, cancelling: true })).toContain('(cancelling…)');
  });

  it("the workshop's own problems are said as such", () => {
    expect(show({ ...base, running: false, error: 'lesson-1: cannot load its check' })).toContain('The workshop could not run this check: lesson-1: cannot load its check');
    expect(show({ ...base, running: false, result: result({ error: 'could not stop 1 of the program\'s process groups' }) })).toContain('The workshop could not finish this check');
  });

  it('a check that needs what the machine lacks says so, with how to get it, and never as a failure', () => {
    const needs = { what: 'Redis', reason: 'there is no redis-server on PATH and REDIS_URL is not set', howTo: ['apt install redis-server', 'brew install redis'] };
    const screen = show({ ...base, running: false, result: result({ needs }) });
    expect(screen).toContain('? Needs Redis: not checked, there is no redis-server on PATH and REDIS_URL is not set.');
    expect(screen).toContain('  apt install redis-server');
    expect(screen).toContain('This is not a failure of your program.');
    expect(screen).not.toContain('Not yet');
  });
});
