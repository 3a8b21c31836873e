import leven from 'leven';
import type { LessonFolder } from './lesson-folders.js';

// The names a lesson answers to: lesson-6, 6, 06, signals, 06-signals.
function namesOf(folder: LessonFolder): string[] {
  return [folder.id, String(folder.number), folder.name.slice(0, 2), folder.slug, folder.name];
}

// Finds a lesson by any of its names; otherwise suggests the closest name, if one is close.
export function findLesson(folders: readonly LessonFolder[], name: string): { lesson: LessonFolder } | { suggestion?: string } {
  const wanted = name.trim().toLowerCase();
  const lesson = folders.find((folder) => namesOf(folder).includes(wanted));
  if (lesson) return { lesson };
  let best: { name: string; distance: number } | undefined;
  for (const folder of folders) {
    for (const candidate of [folder.id, folder.slug, folder.name]) {
      const distance = leven(wanted, candidate);
      if (!best || distance < best.distance) best = { name: candidate, distance };
    }
  }
  const close = best && best.distance <= Math.max(2, Math.floor(best.name.length / 3));
  return close ? { suggestion: best!.name } : {};
}
