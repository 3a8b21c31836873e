import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LessonFolder } from './lesson-folders.js';
import { TITLE_HEADING } from './parse-instructions.js';

// A lesson's title from its README's first heading, without loading the rest of the lesson.
export function readLessonTitle(folder: LessonFolder): string {
  try {
    const match = TITLE_HEADING.exec(readFileSync(path.join(folder.dir, 'README.md'), 'utf8'));
    return match?.[1]?.trim() ?? folder.slug;
  } catch {
    return folder.slug;
  }
}
