import { lstatSync } from 'node:fs';
import path from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../engine/program/loader-args.js';
import { whyNotAFile } from './submission.js';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import { findLearnerFile } from '../workspace/learner-file.js';
import type { LessonGrade } from './grade-report-schema.js';
import type { Student } from './find-students.js';

// A student's file for a lesson, or the grade that settles the lesson without running anything.
// Two files for one lesson (06-signals.js and 06-signals.ts) are an error, not a guess: the instructor
// decides which one counts, so no student is graded on a file they did not mean to hand in.
export function findStudentFile(student: Student, lesson: LessonFolder): { file: string } | { grade: LessonGrade } {
  const found = findLearnerFile(student.dir, lesson);
  if ('file' in found) {
    // Only a regular file is graded; anything else in its place is named, never read.
    let notFile: string | undefined;
    try {
      notFile = whyNotAFile(lstatSync(found.file));
    } catch (error) {
      notFile = `cannot be read (${(error as NodeJS.ErrnoException).code})`;
    }
    return notFile ? { grade: handInProblem(lesson, path.basename(found.file), `${path.basename(found.file)} ${notFile}`) } : found;
  }
  if ('ambiguous' in found) {
    return { grade: { id: lesson.id, status: 'error', message: `several files for ${lesson.id}: ${found.ambiguous.join(', ')}; keep one of them` } };
  }
  const others = SUPPORTED_EXTENSIONS.filter((extension) => extension !== '.js').join(', ');
  return { grade: { id: lesson.id, status: 'missing', message: `no file ${lesson.name}.js (or ${others})` } };
}

/** The step a lesson fails at when what was handed in is not a file to grade. */
export const HAND_IN_STEP = 'hands in the lesson file itself';

// The grade of a lesson whose file cannot be graded as handed in (a link, a pipe, a folder …): the student's failure.
export function handInProblem(lesson: LessonFolder, file: string, message: string): LessonGrade {
  return { id: lesson.id, status: 'failed', step: HAND_IN_STEP, message, file, durationMs: 0 };
}
