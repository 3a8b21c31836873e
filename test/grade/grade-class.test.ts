import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeClass, type GradedEvent } from '../../src/grade/grade-class.js';
import { gradeReportSchema, type GradeReport } from '../../src/grade/grade-report-schema.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { classDir, expectedFor, studentNames } from './expected-class.js';
import { processesRunningUnder } from './running-under.js';

const lessons = listLessonFolders();
const secret = 'hunter2-instructor-token';

describe('gradeClass on a class of eleven (passing, failing, missing and hostile files; cluster lessons too)', () => {
  let tempRoot: string;
  let report: GradeReport;
  const events: GradedEvent[] = [];
  let started: number | undefined;

  beforeAll(async () => {
    tempRoot = mkdtempSync(path.join(tmpdir(), 'snw-test-grade-'));
    // Set in this process, as an instructor's shell would: no student program may see it.
    process.env.SECRET_TOKEN = secret;
    try {
      report = await gradeClass({ classDir, tempRoot, concurrency: 4, onStart: (total) => (started = total), onGraded: (event) => events.push(event) });
    } finally {
      delete process.env.SECRET_TOKEN;
    }
  }, 120_000);

  afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

  it('grades every student folder in name order, skipping hidden folders and loose files', () => {
    expect(report.students.map((student) => student.name)).toEqual(studentNames);
    expect(report.lessons.map((lesson) => lesson.id)).toEqual(lessons.map((lesson) => lesson.id));
  });

  it.each(studentNames)('gives %s the grade each file deserves, lesson by lesson', (name) => {
    const student = report.students.find((candidate) => candidate.name === name)!;
    expect(student.lessons.map((grade) => grade.id)).toEqual(lessons.map((lesson) => lesson.id));
    for (const grade of student.lessons) {
      const wanted = expectedFor(name, grade.id);
      expect({ lesson: grade.id, status: grade.status, message: 'message' in grade ? grade.message : undefined }).toEqual({
        lesson: grade.id,
        status: wanted.status,
        message: wanted.message ? expect.stringMatching(wanted.message) : undefined,
      });
    }
    expect(student.passed).toBe(student.lessons.filter((grade) => grade.status === 'passed').length);
  });

  it("keeps the instructor's environment from student programs (hana prints what leaked, if anything)", () => {
    const hana = report.students.find((student) => student.name === 'hana')!.lessons[0]!;
    expect(hana, JSON.stringify(hana)).toMatchObject({ status: 'passed' });
    expect(JSON.stringify(report)).not.toContain(secret);
  });

  it('names the first failing step of a failure and the file it graded', () => {
    const chen = report.students.find((student) => student.name === 'chen')!.lessons[0]!;
    expect(chen).toMatchObject({ status: 'failed', file: '01-hello.js', step: expect.stringContaining('Hello World') });
  });

  it('produces a report that validates against the report schema, with totals per lesson', () => {
    expect(gradeReportSchema.safeParse(report).success).toBe(true);
    for (const [column, lesson] of report.lessons.entries()) {
      expect(lesson.passed).toBe(report.students.filter((student) => student.lessons[column]!.status === 'passed').length);
    }
    expect(report.concurrency).toBe(4);
  });

  it('reports progress once per verification, and each student once when their last lesson is done', () => {
    const total = report.students.flatMap((student) => student.lessons).filter((grade) => 'file' in grade && grade.file !== undefined).length;
    expect(started).toBe(total);
    expect(events.map((event) => event.done)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    const finished = events.filter((event) => event.studentDone).map((event) => [event.student, event.studentDone!.passed]);
    const withFiles = report.students.filter((student) => student.lessons.some((grade) => 'file' in grade && grade.file !== undefined));
    expect(new Map(finished)).toEqual(new Map(withFiles.map((student) => [student.name, student.passed])));
  });

  it('leaves nothing running (hangs, floods, stray workers and children included) and removes every run folder', () => {
    expect(processesRunningUnder(tempRoot)).toEqual([]);
    expect(readdirSync(tempRoot)).toEqual([]);
  });
});

describe('gradeClass on lessons it cannot run', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'snw-test-class-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a lesson without a compiled check as an error for students with a file, missing for the others', async () => {
    const lessonDir = path.join(dir, 'course', '99-nowhere');
    mkdirSync(lessonDir, { recursive: true });
    mkdirSync(path.join(dir, 'class', 'kim'), { recursive: true });
    mkdirSync(path.join(dir, 'class', 'lea'), { recursive: true });
    writeFileSync(path.join(dir, 'class', 'kim', '99-nowhere.js'), 'console.log(1);\n');
    const report = await gradeClass({
      classDir: path.join(dir, 'class'),
      tempRoot: dir,
      lessons: [{ id: 'lesson-99', number: 99, slug: 'nowhere', name: '99-nowhere', dir: lessonDir }],
    });
    expect(report.students.map((student) => student.lessons)).toEqual([
      [{ id: 'lesson-99', status: 'error', file: '99-nowhere.js', message: 'lesson-99 has no compiled check (dist/lessons/99-nowhere/check.js), so it cannot be graded' }],
      [{ id: 'lesson-99', status: 'missing', message: 'no file 99-nowhere.js (or .mjs, .cjs, .ts, .mts, .cts)' }],
    ]);
  });

  it('fails a folder handed in as a lesson file, saying what it is, and grades the other lessons', async () => {
    const student = path.join(dir, 'unreadable', 'max');
    mkdirSync(path.join(student, '01-hello.js'), { recursive: true });
    writeFileSync(path.join(student, '05-pid.js'), 'console.log(`process ${process.pid}`);\nconsole.log(`parent ${process.ppid}`);\n');
    const report = await gradeClass({ classDir: path.dirname(student), tempRoot: dir, lessons: listLessonFolders().filter((lesson) => [1, 5].includes(lesson.number)) });
    expect(report.students[0]!.lessons).toEqual([
      { id: 'lesson-1', status: 'failed', step: 'hands in the lesson file itself', file: '01-hello.js', message: '01-hello.js is a folder; hand in the file itself', durationMs: 0 },
      expect.objectContaining({ id: 'lesson-5', status: 'passed', file: '05-pid.js' }),
    ]);
    expect(readdirSync(dir).filter((name) => name.startsWith('snw-grade-'))).toEqual([]);
  });
});
