import { describe, expect, it } from 'vitest';
import { formatGradeTable } from '../../src/grade/format-grade-table.js';
import { gradeReportSchema, type GradeReport } from '../../src/grade/grade-report-schema.js';
import { buildJunitXml } from '../../src/grade/write-junit.js';
import { painter } from '../../src/terminal/colors.js';
import { countElements } from './xml-counts.js';

// A class graded on a machine without Redis: lesson 14 is neither passed nor failed.
const report: GradeReport = {
  lessons: [
    { id: 'lesson-1', name: '01-hello', title: 'Hello World', passed: 1 },
    { id: 'lesson-14', name: '14-redis-state', title: 'State in Redis', passed: 0 },
  ],
  students: [
    {
      name: 'ada',
      passed: 1,
      lessons: [
        { id: 'lesson-1', status: 'passed', file: '01-hello.js', durationMs: 40 },
        { id: 'lesson-14', status: 'needs', what: 'Redis', message: 'there is no redis-server on PATH and REDIS_URL is not set; to get Redis: apt install redis-server', file: '14-redis-state.js', durationMs: 3 },
      ],
    },
  ],
  // A lesson it could not grade is nobody's mistake: not among the class's common failures.
  failures: [],
  concurrency: 1,
  durationMs: 50,
};

describe('a lesson that needs what the grading machine lacks', () => {
  it('is a status of its own in the report', () => {
    expect(gradeReportSchema.parse(report)).toEqual(report);
    expect(gradeReportSchema.safeParse({ ...report, students: [{ ...report.students[0]!, lessons: [{ id: 'lesson-14', status: 'needs', message: 'x', file: 'a.js', durationMs: 1 }] }] }).success, 'says what is missing').toBe(false);
  });

  it('has its own mark in the table and a line saying what to install, apart from the errors', () => {
    const text = formatGradeTable(report, painter(false));
    expect(text.split('\n')[1]).toBe('ada      ✓  ?    1/2');
    expect(text).toContain('Not graded, this machine lacks what the lesson needs:\n  lesson-14 (ada): there is no redis-server on PATH and REDIS_URL is not set; to get Redis: apt install redis-server');
    expect(text).not.toContain('Could not be run');
  });

  it('is skipped in JUnit, neither a failure nor an error', () => {
    const xml = buildJunitXml(report);
    expect(countElements(xml, 'skipped')).toBe(1);
    expect(countElements(xml, 'failure')).toBe(0);
    expect(countElements(xml, 'error')).toBe(0);
    expect(xml).toContain('needs Redis: there is no redis-server on PATH');
  });
});
