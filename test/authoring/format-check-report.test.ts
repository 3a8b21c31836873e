import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/authoring/check-report.js';
import { formatCheckSummary, formatLessonCheck } from '../../src/authoring/format-check-report.js';
import { painter } from '../../src/terminal/colors.js';

const paint = painter(false);
const good = {
  id: 'lesson-1',
  name: '01-hello',
  title: 'Hello World',
  ok: true,
  problems: [],
  starter: { passed: false, steps: 1, durationMs: 30, failedStep: 'prints', message: 'Nothing was printed' },
  solution: { passed: true, steps: 3, durationMs: 85 },
  durationMs: 120,
};
const bad = { id: 'lesson-7', name: '07-cluster-fork', title: 'cluster-fork', ok: false, problems: [{ where: 'lessons/07-cluster-fork/check.ts', message: 'missing: the check (check.ts)' }], durationMs: 1 };

describe('the authors\' check report', () => {
  it('gives each lesson a verdict line with how the starter and solution fared, and its problems below', () => {
    expect(formatLessonCheck(good, paint)).toBe('✓ lesson-1  01-hello               starter fails at step 1, solution passes 3 steps (85 ms)');
    expect(formatLessonCheck(bad, paint)).toBe('✗ lesson-7  07-cluster-fork        not run\n    ✗ lessons/07-cluster-fork/check.ts: missing: the check (check.ts)');
  });

  it('ends with the layout and the totals', () => {
    const report: CheckReport = { ok: false, lessons: [good, bad], layout: [{ where: 'solutions/09-x.js', message: 'a solution without a lesson: no lesson folder has this name' }], concurrency: 2, durationMs: 1500 };
    expect(formatCheckSummary(report, paint)).toBe(
      [
        '✗ lessons/ and solutions/:',
        '    ✗ solutions/09-x.js: a solution without a lesson: no lesson folder has this name',
        '',
        'PROBLEMS 2 lessons: 1 ok, 1 with problems; 2 problems in all (1.5 s, 2 at a time)',
      ].join('\n'),
    );
    expect(formatCheckSummary({ ...report, ok: true, lessons: [good], layout: [] }, paint)).toBe(
      '✓ lessons/ and solutions/: nothing stray or misnamed, numbers 1 to 1\n\nOK 1 lesson: 1 ok, 0 with problems; 0 problems in all (1.5 s, 2 at a time)',
    );
  });
});
