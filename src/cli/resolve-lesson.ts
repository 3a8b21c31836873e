import { findLesson, suggestLesson } from '../lessons/find-lesson.js';
import { listLessonFolders, type LessonFolder } from '../lessons/lesson-folders.js';
import { readLessonTitle } from '../lessons/lesson-title.js';
import { workshopCommand } from '../terminal/workshop-command.js';
import { UsageError } from './usage-error.js';

// The lesson a command names, or a usage error with "did you mean".
export async function resolveLesson(name: string | undefined): Promise<LessonFolder> {
  const folders = listLessonFolders();
  if (!name) throw new UsageError(`name a lesson, e.g. ${folders[0]?.number ?? 1} (see: ${workshopCommand()} list)`);
  const lesson = findLesson(folders, name);
  if (lesson) return lesson;
  const suggestion = (await suggestLesson(folders, name)) ?? suggestByTopic(folders, name);
  const hint = suggestion ? `; did you mean ${suggestion}?` : ` (see: ${workshopCommand()} list)`;
  throw new UsageError(`unknown lesson "${name}"${hint}`);
}

// A lesson whose title or topic shares a word with the name ("forking" for "Forking workers", lesson 7):
// its topic name, which the commands accept, and its number and title.
function suggestByTopic(folders: readonly LessonFolder[], name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  if (wanted.length < 3) return undefined;
  const stem = (word: string) => word.replace(/(ing|ed|es|s)$/, '');
  const matches = folders.filter((folder) => {
    const words = [...folder.slug.split('-'), ...readLessonTitle(folder).toLowerCase().split(/[^a-z0-9]+/)].filter((word) => word.length >= 3);
    return words.some((word) => word === wanted || stem(word) === stem(wanted));
  });
  if (matches.length === 0) return undefined;
  return matches.map((folder) => `${folder.slug} (lesson ${folder.number}, ${readLessonTitle(folder)})`).join(' or ');
}
