import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeClass } from '../../src/grade/grade-class.js';
import type { GradeReport, LessonGrade } from '../../src/grade/grade-report-schema.js';
import { whySandboxUnavailable } from '../../src/grade/verify-in-sandbox.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { processesRunningUnder } from './running-under.js';

const lessons = listLessonFolders();

// A class of students who attack the grading itself, graded in one sandboxed run beside an honest classmate.
describe('a hostile class, graded in the sandbox', () => {
  let root: string;
  let tempRoot: string;
  let report: GradeReport;
  const grades = (name: string): LessonGrade[] => report.students.find((student) => student.name === name)!.lessons;

  beforeAll(async () => {
    expect(await whySandboxUnavailable(tmpdir())).toBeUndefined();
    root = mkdtempSync(path.join(tmpdir(), 'snw-test-hostile-'));
    const classDir = path.join(root, 'class');
    tempRoot = path.join(root, 'runs');
    mkdirSync(tempRoot);
    const handIn = (student: string, files: Record<string, string>) => {
      mkdirSync(path.join(classDir, student), { recursive: true });
      for (const [name, source] of Object.entries(files)) cpSync(source, path.join(classDir, student, name));
    };
    handIn('ana', Object.fromEntries(lessons.map((lesson) => [`${lesson.name}.js`, path.join(repoRoot, 'solutions', `${lesson.name}.js`)])));
    // The forger hands in the same file for every lesson: each tries to write "passed" results into the verifier's stdout.
    handIn('forger', Object.fromEntries(lessons.map((lesson) => [`${lesson.name}.js`, fixture('sandbox', 'forges-results.js')])));
    handIn('stopper', { '01-hello.js': fixture('sandbox', 'stops-the-verifier.js'), '02-argv.js': path.join(repoRoot, 'solutions', '02-argv.js') });
    handIn('killer', { '01-hello.js': fixture('sandbox', 'kills-the-verifier.js'), '02-argv.js': path.join(repoRoot, 'solutions', '02-argv.js') });
    handIn('reader', { '01-hello.js': fixture('sandbox', 'reads-the-verifier.js') });
    handIn('importer', { '01-hello.js': fixture('sandbox', 'imports-a-solution.js') });
    report = await gradeClass({ classDir, tempRoot, sandbox: true, concurrency: 2 });
  }, 300_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('passes the honest classmate on every lesson', () => {
    expect(grades('ana').filter((grade) => grade.status !== 'passed')).toEqual([]);
  });

  it('gives the forger no pass: its programs cannot take the results channel', () => {
    const forger = grades('forger');
    expect(forger.filter((grade) => grade.status === 'passed')).toEqual([]);
    expect(forger[0], JSON.stringify(forger[0])).toMatchObject({ status: 'failed', message: expect.stringContaining('pidfd_getfd: Operation not permitted') });
  });

  it('marks a student whose program stops the verifier as tampered, every lesson of theirs', () => {
    expect(grades('stopper').slice(0, 2).map((grade) => [grade.status, 'message' in grade && grade.message])).toEqual([
      ['tampered', expect.stringContaining('the verifier was stopped by a signal')],
      ['tampered', expect.stringContaining('the verifier was stopped by a signal')],
    ]);
  });

  it('marks a student whose program kills the verifier as tampered, every lesson of theirs', () => {
    expect(grades('killer').slice(0, 2).map((grade) => [grade.status, 'message' in grade && grade.message])).toEqual([
      ['tampered', expect.stringContaining('killed by signal 9')],
      ['tampered', expect.stringContaining('killed by signal 9')],
    ]);
  });

  it("refuses a program the verifier's memory, open files and environment", () => {
    expect(grades('reader')[0], JSON.stringify(grades('reader')[0])).toMatchObject({ status: 'passed' });
  });

  it('gives a program that runs a reference solution no answer from it', () => {
    const importer = grades('importer')[0]!;
    expect(importer, JSON.stringify(importer)).toMatchObject({ status: 'failed', message: expect.stringContaining('no solution at') });
  });

  it('leaves nothing running and no run folder', () => {
    expect(processesRunningUnder(tempRoot)).toEqual([]);
    expect(processesRunningUnder(root)).toEqual([]);
  });
});
