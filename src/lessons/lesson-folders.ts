import { readdirSync } from 'node:fs';
import path from 'node:path';
import { packageCourse } from './course-layout.js';

// A lesson as its folder names it: lessons/06-signals is lesson-6, slug "signals".
export interface LessonFolder {
  id: string;
  number: number;
  slug: string;
  /** "06-signals": the folder name, and the name of the learner's file without extension. */
  name: string;
  dir: string;
}

/** The pattern every lesson folder's name follows. */
export const LESSON_FOLDER_PATTERN = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;


// The lessons in course order, read from the folder names alone (cheap: no file is opened).
export function listLessonFolders(dir = packageCourse.lessonsDir): LessonFolder[] {
  const folders: LessonFolder[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const match = entry.isDirectory() ? LESSON_FOLDER_PATTERN.exec(entry.name) : null;
    if (!match) continue;
    const number = Number(match[1]);
    folders.push({ id: `lesson-${number}`, number, slug: match[2]!, name: entry.name, dir: path.join(dir, entry.name) });
  }
  return folders.sort((a, b) => a.number - b.number);
}
