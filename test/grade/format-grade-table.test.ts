import { describe, expect, it } from 'vitest';
import { formatGradeTable } from '../../src/grade/format-grade-table.js';
import { painter } from '../../src/terminal/colors.js';
import { sampleReport } from './sample-report.js';

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
});
