import { findLesson } from '../lessons/find-lesson.js';
import { listLessonFolders, type LessonFolder } from '../lessons/lesson-folders.js';
import { UsageError } from './usage-error.js';

// The lesson a command names, or a usage error with "did you mean".
export function resolveLesson(name: string | undefined): LessonFolder {
  const folders = listLessonFolders();
  if (!name) throw new UsageError(`name a lesson, e.g. ${folders[0]?.id ?? 'lesson-1'} (see: scaling-node-workshop list)`);
  const found = findLesson(folders, name);
  if ('lesson' in found) return found.lesson;
  const hint = found.suggestion ? `; did you mean ${found.suggestion}?` : ' (see: scaling-node-workshop list)';
  throw new UsageError(`unknown lesson "${name}"${hint}`);
}
