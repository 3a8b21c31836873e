import { readdirSync } from 'node:fs';
import path from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../engine/program/loader-args.js';
import type { LessonFolder } from '../lessons/lesson-folders.js';

// What was found for a lesson in a folder: its one file, none, or several that compete.
export type LearnerFileLookup = { file: string } | { missing: true } | { ambiguous: string[] };

// Finds a lesson's file in a workspace or a student's folder: NN-slug plus a supported extension.
export function findLearnerFile(dir: string, lesson: LessonFolder): LearnerFileLookup {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return { missing: true };
  }
  const matches = entries.filter((entry) => {
    const extension = path.extname(entry);
    return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extension) && entry.slice(0, -extension.length) === lesson.name;
  });
  if (matches.length === 0) return { missing: true };
  if (matches.length > 1) return { ambiguous: matches.sort() };
  return { file: path.join(dir, matches[0]!) };
}
