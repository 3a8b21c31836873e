import { sharedPostgresTemplate } from './sandbox-postgres.js';
import { availableParallelism, tmpdir } from 'node:os';
import pLimit from 'p-limit';
import { listLessonFolders, type LessonFolder } from '../lessons/lesson-folders.js';
import { readLessonTitle } from '../lessons/lesson-title.js';
import { buildReport, classFingerprint } from './build-report.js';
import { findStudents, type Student } from './find-students.js';
import { gradeStudentInSandbox } from './grade-in-sandbox.js';
import { gradeLesson } from './grade-lesson.js';
import type { GradeReport, LessonGrade } from './grade-report-schema.js';
import { loadLessonChecks } from './lesson-checks.js';
import { splitIntoShards, type Shard } from './shard.js';
import { findStudentFile } from './student-file.js';
import { SolutionCopies } from './solution-copies.js';
import { readSubmission } from './submission.js';
import { removeLeftoverScratch } from './leftover-scratch.js';
import { studentPackages } from './student-packages.js';
import type { SandboxBudget } from './verify-in-sandbox.js';
import { DEFAULT_LIMITS, sandboxInfo, type StudentLimits } from './sandbox-limits.js';
import { monotonicMs } from '../engine/waits/clock.js';

/** Verifications at once by default: one per CPU. */
export const DEFAULT_GRADE_CONCURRENCY = availableParallelism();

// One finished verification, for progress displays.
export interface GradedEvent {
  student: string;
  grade: LessonGrade;
  /** Verifications finished so far and in all (lessons without a file need none). */
  done: number;
  total: number;
  /** Set when this was the student's last lesson to finish. */
  studentDone?: { passed: number; lessons: number };
}

// How to grade a class.
export interface GradeClassOptions {
  /** The class folder: one folder per student, holding files named like a workspace's (06-signals.js). */
  classDir: string;
  concurrency?: number;
  /** Where each run's temporary folder is made (default: the OS's). */
  tempRoot?: string;
  /** The environment the allowlisted variables come from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Verify each run inside bubblewrap (see whySandboxUnavailable; default: no). */
  sandbox?: boolean;
  /** Grade only this shard of the class (see splitIntoShards). */
  shard?: Shard;
  /** The lessons to grade (default: every lesson of the course). */
  lessons?: LessonFolder[];
  signal?: AbortSignal;
  /** In the sandbox: how long one lesson, and one student, may take (see verifyInSandbox). */
  budget?: SandboxBudget;
  /** In the sandbox: what one student's programs may use at once (see SandboxWatch; default DEFAULT_LIMITS). */
  limits?: StudentLimits;
  /** Called once before the first verification: how many there are, for how many students. */
  onStart?: (total: number, students: number) => void;
  onGraded?: (event: GradedEvent) => void;
}

// Grades every student's every lesson with at most `concurrency` verifications at once (in the sandbox,
// `concurrency` students' sandboxes, each verifying one lesson at a time); a student's program can fail
// only its own lesson, never stop the grading. Throws ClassFolderError for a bad class folder.
export async function gradeClass(options: GradeClassOptions): Promise<GradeReport> {
  const started = monotonicMs();
  const lessons = options.lessons ?? listLessonFolders();
  const everyone = findStudents(options.classDir);
  const fingerprint = classFingerprint(everyone.map((student) => student.name), lessons.map((lesson) => lesson.name));
  const inShard = shardOf(everyone, lessons, options.shard);
  const students = inShard.filter((student) => student.refused === undefined);
  const refused = inShard.flatMap((student) => (student.refused === undefined ? [] : [{ name: student.name, reason: student.refused }]));
  const packages = students.map((student) => studentPackages(student.dir));
  const concurrency = options.concurrency ?? DEFAULT_GRADE_CONCURRENCY;
  const tempRoot = options.tempRoot ?? tmpdir();
  // What a grade killed outright (kill -9) left behind: its sandboxes died with it, its folders did not.
  removeLeftoverScratch(tempRoot);
  const checks = await loadLessonChecks(lessons);
  const titles = new Map(lessons.map((lesson) => [lesson.id, readLessonTitle(lesson)]));

  // Missing and ambiguous files are settled now; only real files go through the pool.
  const cells = students.map((student) => lessons.map((lesson) => ({ lesson, found: findStudentFile(student, lesson) })));
  const solutions = new SolutionCopies();
  const copies = cells.map((row) =>
    row.flatMap(({ lesson, found }) => {
      if (!('file' in found)) return [];
      const submission = readSubmission(found.file);
      return 'content' in submission && solutions.isCopy(lesson, submission.content) ? [lesson.id] : [];
    }),
  );
  const grades: (LessonGrade | undefined)[][] = cells.map((row) => row.map((cell) => ('grade' in cell.found ? cell.found.grade : undefined)));
  const remaining = cells.map((row) => row.filter((cell) => 'file' in cell.found).length);
  const total = remaining.reduce((sum, count) => sum + count, 0);
  options.onStart?.(total, students.length);
  let done = 0;
  const limit = pLimit(concurrency);

  const record = (studentIndex: number, lessonIndex: number, grade: LessonGrade) => {
    // A grade given again (a tampering student's) replaces the first without counting twice.
    const again = grades[studentIndex]![lessonIndex] !== undefined;
    grades[studentIndex]![lessonIndex] = grade;
    if (again) return;
    done++;
    remaining[studentIndex]!--;
    const studentDone = remaining[studentIndex] === 0 ? { passed: countPassed(grades[studentIndex]!), lessons: lessons.length } : undefined;
    options.onGraded?.({ student: students[studentIndex]!.name, grade, done, total, ...(studentDone ? { studentDone } : {}) });
  };
  const jobsOf = (studentIndex: number) =>
    cells[studentIndex]!.flatMap(({ lesson, found }, lessonIndex) =>
      'file' in found ? [{ lessonIndex, job: { lesson, title: titles.get(lesson.id)!, file: found.file, studentDir: students[studentIndex]!.dir, packages: packages[studentIndex]!.folder, check: checks.get(lesson.id)! } }] : [],
    );
  const postgresTemplate = options.sandbox ? await sharedPostgresTemplate(lessons, options.signal) : undefined;
  const runOptions = { tempRoot, env: options.env, signal: options.signal, budget: options.budget, limits: options.limits, postgresTemplate };
  // In the sandbox, a student's lessons run one after another in that student's own sandbox (one sandbox,
  // one verifier start per student); without it, every lesson is a task of the pool.
  const runs = options.sandbox
    ? students.map((_student, studentIndex) => {
        const jobs = jobsOf(studentIndex);
        if (jobs.length === 0) return undefined;
        return limit(() => gradeStudentInSandbox(jobs.map((entry) => entry.job), runOptions, (at, grade) => record(studentIndex, jobs[at]!.lessonIndex, grade)));
      })
    : students.flatMap((_student, studentIndex) =>
        jobsOf(studentIndex).map(({ lessonIndex, job }) => limit(async () => record(studentIndex, lessonIndex, await gradeLesson(job, runOptions)))),
      );
  await Promise.all(runs);
  const results = grades.map((row) => row.map((grade) => grade!));

  return buildReport({
    lessons: lessons.map((lesson) => ({ id: lesson.id, name: lesson.name, title: titles.get(lesson.id)! })),
    students: students.map((student, index) => ({ name: student.name, lessons: results[index]!, copies: copies[index], ...(packages[index]!.note ? { notes: [packages[index]!.note!] } : {}) })),
    refused,
    fingerprint,
    shard: options.shard,
    ...(options.sandbox ? { sandbox: sandboxInfo(options.limits ?? DEFAULT_LIMITS) } : {}),
    concurrency,
    durationMs: Math.round(monotonicMs() - started),
  });
}

// The students of one shard, split by how many files each has (all of them without a shard).
function shardOf(students: Student[], lessons: readonly LessonFolder[], shard: Shard | undefined): Student[] {
  if (!shard) return students;
  const files = (student: Student) => (student.refused ? 0 : lessons.filter((lesson) => 'file' in findStudentFile(student, lesson)).length);
  return splitIntoShards(students, files, shard.count)[shard.index - 1]!;
}

function countPassed(grades: readonly (LessonGrade | undefined)[]): number {
  return grades.filter((grade) => grade?.status === 'passed').length;
}
