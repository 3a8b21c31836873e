import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/grade/build-report.js';
import { formatGradeTable } from '../../src/grade/format-grade-table.js';
import { painter } from '../../src/terminal/colors.js';
import { sampleReport, sandboxStatusReport } from './sample-report.js';

describe('formatGradeTable', () => {
  it('draws students as rows and lessons as columns, with totals on the right and at the bottom', () => {
    const text = formatGradeTable(sampleReport, painter(false));
    expect(text.split('\n').slice(0, 5)).toEqual([
      'student      1  2 10 passed',
      'ada          ✓  ✗  !    1/3',
      'bartholomew  ✗  ·  !    0/3',
      'passed       1  0  0    1/6',
      '✓ passed  ✗ failed  · missing  ? needs (this machine lacks Redis, say)  ! error (the workshop could not run it)',
    ]);
  });

  it('lists what could not be run, one line per lesson and reason, and where failures are explained', () => {
    const text = formatGradeTable(sampleReport, painter(false));
    expect(text).toContain('Could not be run:\n  lesson-10 (ada, bartholomew): lesson-10 has no compiled check');
    expect(text).toContain('2 failed lessons: why each one failed is in --json and --junit <file>');
  });

  it('shows the class\'s common mistakes under the table: the biggest groups, a few names each', () => {
    const names = ['ana', 'ben', 'chen', 'dana', 'emil', 'fay', 'gus'];
    const kinds = ['SIGHUP #2', 'SIGHUP #1', 'SIGTERM', 'SIGINT', 'stdin closed', 'starts', 'prints its pid'];
    const report = buildReport({
      lessons: [{ id: 'lesson-6', name: '06-signals', title: 'Signals' }],
      // ana to gus fail SIGHUP #2 (with different counts); the six kinds after it one student each.
      students: [
        ...names.map((name, index) => ({ name, lessons: [{ id: 'lesson-6', status: 'failed' as const, step: 'SIGHUP #2', message: `No line "count = ${index}".`, file: '06-signals.js', durationMs: 1 }] })),
        ...kinds.slice(1).map((step, index) => ({ name: `z${index}`, lessons: [{ id: 'lesson-6', status: 'failed' as const, step, message: 'wrong', file: '06-signals.js', durationMs: 1 }] })),
      ],
      concurrency: 1,
      durationMs: 1,
    });
    const text = formatGradeTable(report, painter(false));
    const lines = text.split('\n');
    const start = lines.indexOf('Common mistakes (what to explain again):');
    expect(lines.slice(start + 1, start + 3)).toEqual(['  lesson-6 · SIGHUP #2: 7 students: ana, ben, chen, dana, emil, …', '    No line "count = <n>".']);
    expect(lines.slice(start + 3, start + 11).filter((line) => line.startsWith('  lesson-6'))).toEqual([
      '  lesson-6 · SIGHUP #1: 1 student: z0',
      '  lesson-6 · SIGTERM: 1 student: z1',
      '  lesson-6 · SIGINT: 1 student: z2',
      '  lesson-6 · stdin closed: 1 student: z3',
    ]);
    expect(text).toContain('  and 2 more kinds of failure');
  });

  it('shows no common mistakes when nobody failed', () => {
    const report = buildReport({ lessons: [{ id: 'lesson-1', name: '01-hello', title: 'Hello' }], students: [{ name: 'ana', lessons: [{ id: 'lesson-1', status: 'passed', file: '01-hello.js', durationMs: 1 }] }], concurrency: 1, durationMs: 1 });
    expect(formatGradeTable(report, painter(false))).not.toContain('Common mistakes');
  });
});

describe('formatGradeTable, sandbox statuses', () => {
  it('marks a tampering student in every lesson and says once what was seen; a timed-out lesson with its budget', () => {
    const text = formatGradeTable(sandboxStatusReport, painter(false));
    expect(text.split('\n').slice(1, 3)).toEqual(['mallory  #  #    0/2', 'slow     ✓  ⌀    1/2']);
    expect(text).toContain('⌀ timed out  # tampered (reached the verifier)');
    expect(text).toContain('Tampered with the grading (no lesson of theirs counts):\n  mallory: the verifier was stopped by a signal\n');
    expect(text).toContain('Timed out (the sandbox was ended):\n  lesson-2 (slow): the lesson took longer than 120 s');
  });
});
