import { loadCheck, type LoadedCheck } from '../lessons/load-check.js';

export type { LoadedCheck };
import type { LessonFolder } from '../lessons/lesson-folders.js';

// Loads the compiled check of each lesson; a lesson without one is reported, not fatal: the other lessons are still graded.
export async function loadLessonChecks(lessons: readonly LessonFolder[]): Promise<Map<string, LoadedCheck>> {
  const entries = await Promise.all(lessons.map(async (lesson): Promise<[string, LoadedCheck]> => [lesson.id, await loadCheck(lesson)]));
  return new Map(entries);
}
