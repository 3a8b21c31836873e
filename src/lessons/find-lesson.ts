import type { LessonFolder } from './lesson-folders.js';

// The names a lesson answers to: lesson-6, 6, 06, signals, 06-signals.
function namesOf(folder: LessonFolder): string[] {
  return [folder.id, String(folder.number), folder.name.slice(0, 2), folder.slug, folder.name];
}

// Finds a lesson by any of its names.
export function findLesson(folders: readonly LessonFolder[], name: string): LessonFolder | undefined {
  const wanted = name.trim().toLowerCase();
  return folders.find((folder) => namesOf(folder).includes(wanted));
}

// The lesson name closest to a mistyped one, if one is close (loaded only on a miss).
export async function suggestLesson(folders: readonly LessonFolder[], name: string): Promise<string | undefined> {
  const { default: leven } = await import('leven');
  const wanted = name.trim().toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const folder of folders) {
    for (const candidate of [folder.id, folder.slug, folder.name]) {
      const distance = leven(wanted, candidate);
      if (!best || distance < best.distance) best = { name: candidate, distance };
    }
  }
  const close = best && best.distance <= Math.max(2, Math.floor(best.name.length / 3));
  return close ? best!.name : undefined;
}
