import { SUPPORTED_EXTENSIONS } from '../engine/loader-args.js';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import { findLearnerFile } from '../workspace/learner-file.js';
import type { LessonGrade } from './grade-report-schema.js';
import type { Student } from './find-students.js';

// A student's file for a lesson, or the grade that settles the lesson without running anything.
// Two files for one lesson (06-signals.js and 06-signals.ts) are an error, not a guess: the instructor
// decides which one counts, so no student is graded on a file they did not mean to hand in.
export function findStudentFile(student: Student, lesson: LessonFolder): { file: string } | { grade: LessonGrade } {
  const found = findLearnerFile(student.dir, lesson);
  if ('file' in found) return found;
  if ('ambiguous' in found) {
    return { grade: { id: lesson.id, status: 'error', message: `several files for ${lesson.id}: ${found.ambiguous.join(', ')}; keep one of them` } };
  }
  const others = SUPPORTED_EXTENSIONS.filter((extension) => extension !== '.js').join(', ');
  return { grade: { id: lesson.id, status: 'missing', message: `no file ${lesson.name}.js (or ${others})` } };
}
