import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lessonPaths } from './course-layout.js';
import type { LessonFolder } from './lesson-folders.js';
import { LessonError } from './lesson-error.js';
import { lessonMetaSchema, type LessonMeta } from './lesson-schema.js';
import { parseInstructions, type Instructions } from './parse-instructions.js';

// Everything about one lesson: its folder, metadata, text, starter and reference solution.
export interface Lesson extends LessonFolder, Instructions {
  meta: LessonMeta;
  starterFile: string;
  solutionFile: string;
}

// Reads and validates a lesson; a broken one is a LessonError naming the lesson and the field.
export function loadLesson(folder: LessonFolder): Lesson {
  const label = `${folder.id} (lessons/${folder.name})`;
  const files = lessonPaths(folder);
  const meta = parseMeta(label, readText(label, files.meta));
  const instructions = parseInstructions(readText(label, files.readme));
  if (!instructions.title) throw new LessonError(label, 'README.md: the first line must be a "# Title" heading');
  return {
    ...folder,
    ...instructions,
    meta,
    starterFile: files.starter,
    solutionFile: files.solution,
  };
}

function parseMeta(label: string, text: string): LessonMeta {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LessonError(label, `lesson.json is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = lessonMetaSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new LessonError(label, `lesson.json: ${field}: ${issue.message}`);
}

function readText(label: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new LessonError(label, `cannot read ${path.basename(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
