import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import { lessonMetaSchema } from '../lessons/lesson-schema.js';
import { parseInstructions } from '../lessons/parse-instructions.js';
import type { AuthoringProblem } from './authoring-problem.js';
import { lessonPaths, type CourseLayout } from '../lessons/course-layout.js';

// What the static check found: every problem, and which of the files needed to run the check exist.
export interface LessonContent {
  problems: AuthoringProblem[];
  has: { starter: boolean; solution: boolean; check: boolean };
}

// What a lesson's files are missing or get wrong, all of it at once (loadLesson stops at the first).
export function checkLessonContent(layout: CourseLayout, folder: LessonFolder): LessonContent {
  const at = (file: string) => path.relative(layout.root, file);
  const problems: AuthoringProblem[] = [];
  const files = lessonPaths(folder, layout);
  const metaFile = files.meta;
  const meta = readOrProblem(metaFile, at(metaFile), problems);
  if (meta !== undefined) problems.push(...checkMeta(meta, at(metaFile)));
  const readmeFile = files.readme;
  const readme = readOrProblem(readmeFile, at(readmeFile), problems);
  if (readme !== undefined) problems.push(...checkInstructions(readme, at(readmeFile)));
  const expect = (file: string, what: string) => {
    const exists = existsSync(file);
    if (!exists) problems.push({ where: at(file), message: `missing: ${what}` });
    return exists;
  };
  const has = {
    starter: expect(files.starter, 'the starter file'),
    solution: expect(files.solution, 'the reference solution'),
    check: expect(files.checkSource, 'the check (check.ts)'),
  };
  return { problems, has };
}

function checkMeta(text: string, where: string): AuthoringProblem[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return [{ where, message: `not valid JSON: ${(error as Error).message}` }];
  }
  const parsed = lessonMetaSchema.safeParse(data);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ where, message: `${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}` }));
}

function checkInstructions(markdown: string, where: string): AuthoringProblem[] {
  const instructions = parseInstructions(markdown);
  const problems: AuthoringProblem[] = [];
  if (!instructions.title) problems.push({ where, message: 'no title: the first heading must be "# Title"' });
  if (!instructions.body) problems.push({ where, message: 'no instructions between the title and "## Hints"' });
  if (instructions.hints.length === 0) problems.push({ where, message: 'no hints: end the text with "## Hints" and at least one "### " hint' });
  for (const hint of instructions.hints) {
    if (!hint.title || !hint.text) problems.push({ where, message: `hint "${hint.title || '(untitled)'}" needs a title and some text` });
  }
  return problems;
}

function readOrProblem(file: string, where: string, problems: AuthoringProblem[]): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push({ where, message: code === 'ENOENT' ? 'missing' : `cannot be read (${code})` });
    return undefined;
  }
}
