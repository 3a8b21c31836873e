import { findLesson, suggestLesson } from '../lessons/find-lesson.js';
import { listLessonFolders, type LessonFolder } from '../lessons/lesson-folders.js';
import { UsageError } from './usage-error.js';

// The lesson a command names, or a usage error with "did you mean".
export async function resolveLesson(name: string | undefined): Promise<LessonFolder> {
  const folders = listLessonFolders();
  if (!name) throw new UsageError(`name a lesson, e.g. ${folders[0]?.id ?? 'lesson-1'} (see: scaling-node-workshop list)`);
  const lesson = findLesson(folders, name);
  if (lesson) return lesson;
  const suggestion = await suggestLesson(folders, name);
  const hint = suggestion ? `; did you mean ${suggestion}?` : ' (see: scaling-node-workshop list)';
  throw new UsageError(`unknown lesson "${name}"${hint}`);
}
