import { describe, expect, it } from 'vitest';
import { gradeReportSchema, lessonGradeSchema } from '../../src/grade/grade-report-schema.js';

const valid = {
  lessons: [{ id: 'lesson-1', name: '01-hello', title: 'Hello World', passed: 1 }],
  students: [
    {
      name: 'ada',
      passed: 1,
      lessons: [{ id: 'lesson-1', status: 'passed', file: '01-hello.js', durationMs: 40 }],
    },
  ],
  failures: [],
  concurrency: 2,
  durationMs: 1200,
};

describe('gradeReportSchema', () => {
  it('accepts a report of every status', () => {
    expect(gradeReportSchema.parse(valid)).toEqual(valid);
    expect(lessonGradeSchema.parse({ id: 'lesson-2', status: 'failed', step: 'prints the script path', message: 'Line 1 differs', file: '02-argv.js', durationMs: 3 })).toBeTruthy();
    expect(lessonGradeSchema.parse({ id: 'lesson-3', status: 'missing', message: 'no file 03-stdio.js' })).toBeTruthy();
    expect(lessonGradeSchema.parse({ id: 'lesson-4', status: 'error', message: 'several files' })).toBeTruthy();
  });

  it('refuses an unknown status, a failure or error without a message, and a bad lesson id', () => {
    expect(lessonGradeSchema.safeParse({ id: 'lesson-1', status: 'skipped' }).success).toBe(false);
    expect(lessonGradeSchema.safeParse({ id: 'lesson-1', status: 'failed', step: 'x', file: 'a.js', durationMs: 1 }).success).toBe(false);
    expect(lessonGradeSchema.safeParse({ id: 'lesson-1', status: 'error' }).success).toBe(false);
    expect(lessonGradeSchema.safeParse({ id: 'lesson-1', status: 'failed', step: 'x', message: '', file: 'a.js', durationMs: 1 }).success).toBe(false);
    expect(lessonGradeSchema.safeParse({ id: 'hello', status: 'passed', file: 'a.js', durationMs: 1 }).success).toBe(false);
  });

  it('refuses a report without students, or with a negative count', () => {
    expect(gradeReportSchema.safeParse({ ...valid, students: undefined }).success).toBe(false);
    expect(gradeReportSchema.safeParse({ ...valid, students: [{ ...valid.students[0], passed: -1 }] }).success).toBe(false);
    expect(gradeReportSchema.safeParse({ ...valid, concurrency: 0 }).success).toBe(false);
  });

  it("accepts a shard's report, and refuses a shard past the count or a failure group without students", () => {
    expect(gradeReportSchema.safeParse({ ...valid, shard: { index: 2, count: 3 } }).success).toBe(true);
    expect(gradeReportSchema.safeParse({ ...valid, shard: { index: 4, count: 3 } }).success).toBe(false);
    expect(gradeReportSchema.safeParse({ ...valid, shard: { index: 0, count: 3 } }).success).toBe(false);
    expect(gradeReportSchema.safeParse({ ...valid, failures: [{ lesson: 'lesson-1', step: 'x', message: 'y', students: [] }] }).success).toBe(false);
  });
});
