import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Check } from '../checks/define-check.js';
import { courseLayout } from '../authoring/course-layout.js';
import { loadCheck } from '../lessons/load-check.js';
import type { LessonFolder } from '../lessons/lesson-folders.js';

// A lesson's compiled check, or why that lesson cannot be graded.
export type LoadedCheck = { check: Check } | { problem: string };

// Loads the compiled check of each lesson; a lesson without one is reported, not fatal: the other lessons are still graded.
export async function loadLessonChecks(lessons: readonly LessonFolder[]): Promise<Map<string, LoadedCheck>> {
  const { compiledChecksDir } = courseLayout();
  const entries = await Promise.all(
    lessons.map(async (lesson): Promise<[string, LoadedCheck]> => {
      const file = path.join(compiledChecksDir, lesson.name, 'check.js');
      if (!existsSync(file)) return [lesson.id, { problem: `${lesson.id} has no compiled check (dist/lessons/${lesson.name}/check.js), so it cannot be graded` }];
      try {
        return [lesson.id, { check: await loadCheck(lesson) }];
      } catch (error) {
        return [lesson.id, { problem: (error as Error).message }];
      }
    }),
  );
  return new Map(entries);
}
