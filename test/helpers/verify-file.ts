import path from 'node:path';
import { runCheck } from '../../src/checks/run-check.js';
import { findLesson } from '../../src/lessons/find-lesson.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { readLessonTitle } from '../../src/lessons/lesson-title.js';
import type { Check } from '../../src/checks/define-check.js';
import type { VerifyResult } from '../../src/results/verify-result.js';
import { repoRoot } from './paths.js';

// Runs a lesson's check (its TypeScript source, through vitest) against a file, as `verify` does.
export async function verifyFile(lessonName: string, file: string): Promise<VerifyResult> {
  const lesson = findLesson(listLessonFolders(), lessonName);
  if (!lesson) throw new Error(`no lesson ${lessonName}`);
  const check = (await import(path.join(repoRoot, 'lessons', lesson.name, 'check.ts'))).default as Check;
  return runCheck(check, { lesson: lesson.id, title: readLessonTitle(lesson), file, cwd: path.dirname(file) });
}

// The first failing step's message, for asserting what a learner is told.
export function failureMessage(result: VerifyResult): string {
  const step = result.steps.find((candidate) => !candidate.passed);
  return [step?.title, step?.message, step?.expected, step?.actual, step?.hint, result.error].filter(Boolean).join('\n');
}
