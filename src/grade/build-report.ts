import { createHash } from 'node:crypto';
import { groupFailures } from './common-failures.js';
import { lessonGradeSchema, type GradeReport, type LessonGrade, type SandboxInfo } from './grade-report-schema.js';
import type { Shard } from './shard.js';

// What a report is made of; its totals and the class's common mistakes are derived from the grades.
export interface ReportParts {
  lessons: { id: string; name: string; title: string }[];
  /** In name order, each with one grade per lesson in course order. */
  students: { name: string; lessons: LessonGrade[]; copies?: string[]; notes?: string[] }[];
  /** Student folders not graded, and why. */
  refused?: { name: string; reason: string }[];
  /** The class's fingerprint (see classFingerprint). */
  fingerprint?: string;
  shard?: Shard;
  /** Set when graded in the sandbox. */
  sandbox?: SandboxInfo;
  concurrency: number;
  durationMs: number;
}

// The report of a grading run, or of merged shards: the same function, so both give the same report.
export function buildReport(parts: ReportParts): GradeReport {
  const lessons = parts.lessons.map((lesson, column) => ({
    ...lesson,
    passed: parts.students.filter((student) => student.lessons[column]?.status === 'passed').length,
  }));
  const students = parts.students.map((student) => ({
    name: student.name,
    passed: student.lessons.filter((grade) => grade.status === 'passed').length,
    // In the schema's key order, as a report read back (and merged) has them: the same JSON either way.
    lessons: student.lessons.map((grade) => lessonGradeSchema.parse(grade)),
    ...(student.copies && student.copies.length > 0 ? { copies: student.copies } : {}),
    ...(student.notes && student.notes.length > 0 ? { notes: student.notes } : {}),
  }));
  return {
    lessons,
    students,
    ...(parts.refused && parts.refused.length > 0 ? { refused: parts.refused } : {}),
    failures: groupFailures({ lessons, students }),
    ...(parts.fingerprint ? { fingerprint: parts.fingerprint } : {}),
    ...(parts.shard ? { shard: parts.shard } : {}),
    ...(parts.sandbox ? { sandbox: parts.sandbox } : {}),
    concurrency: parts.concurrency,
    durationMs: parts.durationMs,
  };
}

// Which class a report grades: a digest of every student folder's name (the whole class, whichever shard
// was graded) and the lessons, so the shards of one class agree and those of two classes do not.
export function classFingerprint(studentNames: readonly string[], lessonNames: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([[...studentNames].sort(), lessonNames]))
    .digest('hex')
    .slice(0, 16);
}
