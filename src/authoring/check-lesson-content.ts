import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import { lessonMetaSchema } from '../lessons/lesson-schema.js';
import { parseInstructions, READ_MORE_HEADING, textSections } from '../lessons/parse-instructions.js';
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
    if (textSections(hint.text).length > 1) {
      problems.push({ where, message: `hint "${hint.title}" holds a "## " heading, which makes that section part of the hint: put it before "## Hints"` });
    }
  }
  if (instructions.body) problems.push(...checkReadMore(instructions.body).map((message) => ({ where, message })));
  return problems;
}

// One link per line: "- [what it is](https://...)", optionally followed by a few words.
const LINK_ITEM = /^- \[[^\]]+\]\((https:\/\/[^\s)]+)\)/;
const heading = `"## ${READ_MORE_HEADING}"`;

// The text ends with "## Read more": links to the exact sections of the documentation the lesson uses.
function checkReadMore(body: string): string[] {
  const sections = textSections(body);
  const index = sections.findIndex((section) => section.heading === READ_MORE_HEADING);
  if (index === -1) {
    return [`no ${heading}: end the text, just before "## Hints", with links to the sections of the Node documentation the lesson uses ("- [process.argv](https://nodejs.org/api/process.html#processargv)")`];
  }
  const problems: string[] = [];
  if (index !== sections.length - 1) problems.push(`${heading} must be the last section of the text, just before "## Hints"`);
  const lines = sections[index]!.text.split('\n').filter((line) => line.trim() !== '' && !/^\s{2,}\S/.test(line));
  if (lines.length === 0) problems.push(`${heading} lists no links`);
  for (const line of lines) {
    const link = LINK_ITEM.exec(line);
    if (!link) problems.push(`${heading} lists links only, one "- [title](https://...)" per line, not ${JSON.stringify(line)}`);
    else if (/^https:\/\/nodejs\.org\/api\/[^#]*$/.test(link[1]!)) problems.push(`${heading} links to the page ${link[1]}: link to the section the lesson uses (its #anchor)`);
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
