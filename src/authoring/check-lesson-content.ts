import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import { lessonMetaSchema } from '../lessons/lesson-schema.js';
import { parseInstructions, READ_MORE_HEADING, REQUIRED_SECTIONS, textSections } from '../lessons/parse-instructions.js';
import type { AuthoringProblem } from './authoring-problem.js';
import { SCAFFOLD_MARK } from './scaffold-lesson.js';
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
  const texts: [string, string | undefined][] = [
    [metaFile, meta],
    [readmeFile, readme],
    [files.starter, has.starter ? readFileSync(files.starter, 'utf8') : undefined],
    [files.solution, has.solution ? readFileSync(files.solution, 'utf8') : undefined],
  ];
  for (const [file, text] of texts) {
    const unwritten = text?.split('\n').filter((line) => line.includes(SCAFFOLD_MARK)).length ?? 0;
    if (unwritten > 0) problems.push({ where: at(file), message: `${unwritten} ${unwritten === 1 ? 'line' : 'lines'} marked ${SCAFFOLD_MARK} by new-lesson: write what ${unwritten === 1 ? 'it asks' : 'they ask'} for` });
  }
  // Only a clone of the repository has tests; the published package ships none.
  if (existsSync(layout.lessonTestsDir)) problems.push(...checkTests(layout, folder, at));
  return { problems, has };
}

// A lesson is tested: test/lessons/NN-slug.test.ts (or <group>-NN-slug.test.ts), and fixture programs in
// test/fixtures/lessons/NN-slug/.
function checkTests(layout: CourseLayout, folder: LessonFolder, at: (file: string) => string): AuthoringProblem[] {
  const problems: AuthoringProblem[] = [];
  const testName = new RegExp(`^(?:[a-z]+-)?${folder.name}\\.test\\.tsx?$`);
  if (!readdirSync(layout.lessonTestsDir).some((name) => testName.test(name))) {
    problems.push({ where: at(path.join(layout.lessonTestsDir, `${folder.name}.test.ts`)), message: 'missing: the lesson\'s tests (the solution passes, each fixture gets its message)' });
  }
  const fixtures = path.join(layout.lessonFixturesDir, folder.name);
  const hasFixture = existsSync(fixtures) && readdirSync(fixtures, { withFileTypes: true }).some((entry) => entry.isFile());
  if (!hasFixture) problems.push({ where: at(fixtures), message: 'missing: fixture programs, at least a wrong one, named for what it does (exits-1.js)' });
  return problems;
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
  if (instructions.body) problems.push(...checkSections(instructions.body).map((message) => ({ where, message })));
  for (const hint of instructions.hints) {
    if (!hint.title || !hint.text) problems.push({ where, message: `hint "${hint.title || '(untitled)'}" needs a title and some text` });
    if (textSections(hint.text).length > 1) {
      problems.push({ where, message: `hint "${hint.title}" holds a "## " heading, which makes that section part of the hint: put it before "## Hints"` });
    }
  }
  if (instructions.body) problems.push(...checkReadMore(instructions.body).map((message) => ({ where, message })));
  return problems;
}

// The sections every lesson has ("## Read more" is checked on its own below), in their order.
function checkSections(body: string): string[] {
  const headings = textSections(body).map((section) => section.heading);
  const problems: string[] = [];
  let previous = -1;
  for (const heading of REQUIRED_SECTIONS.filter((name) => name !== READ_MORE_HEADING)) {
    const index = headings.indexOf(heading);
    if (index === -1) problems.push(`no "## ${heading}": every lesson's text has ${REQUIRED_SECTIONS.map((name) => `"## ${name}"`).join(', ')}, in that order`);
    else if (index < previous) problems.push(`"## ${heading}" comes out of order: ${REQUIRED_SECTIONS.map((name) => `"## ${name}"`).join(', ')}`);
    else previous = index;
  }
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
