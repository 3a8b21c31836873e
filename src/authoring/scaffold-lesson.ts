import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lessonPaths, type CourseLayout } from '../lessons/course-layout.js';
import { LESSON_FOLDER_PATTERN, listLessonFolders, type LessonFolder } from '../lessons/lesson-folders.js';
import { READ_MORE_HEADING, REQUIRED_SECTIONS } from '../lessons/parse-instructions.js';

/** Marks what `new-lesson` left for the author to write; `check` reports a lesson text that still holds one. */
export const SCAFFOLD_MARK = '✎';

/** One file `new-lesson` wrote, and what its author fills in. */
export interface ScaffoldFile {
  file: string;
  fill: string;
}

/** The lesson `new-lesson` made: its folder and every file, in the order an author fills them in. */
export interface ScaffoldedLesson {
  folder: LessonFolder;
  files: ScaffoldFile[];
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why `slug` cannot name the course's next lesson, or undefined when it can. */
export function slugProblem(layout: CourseLayout, slug: string): string | undefined {
  if (/^\d{2}-/.test(slug)) return `give the slug without a number ("${slug.slice(3)}"): new-lesson takes the next one`;
  if (!SLUG.test(slug)) return `"${slug}" is not a lesson slug: lowercase letters and digits, words joined by dashes (job-queues)`;
  const same = listLessonFolders(layout.lessonsDir).find((folder) => folder.slug === slug);
  if (same) return `lesson ${same.number} is already called "${slug}" (lessons/${same.name})`;
  return undefined;
}

/** The folder the course's next lesson gets: the number after the last lesson's. */
export function nextLessonFolder(layout: CourseLayout, slug: string): LessonFolder {
  const number = (listLessonFolders(layout.lessonsDir).at(-1)?.number ?? 0) + 1;
  const name = `${String(number).padStart(2, '0')}-${slug}`;
  if (!LESSON_FOLDER_PATTERN.test(name)) throw new Error(`the course already has ${number - 1} lessons: a lesson number has two digits`);
  return { id: `lesson-${number}`, number, slug, name, dir: path.join(layout.lessonsDir, name) };
}

// Writes the next lesson's folder, reference solution, test and fixtures, each with what is left to write
// marked ✎, and a check that fails "not written yet". Never overwrites: a file already there is an error.
export function scaffoldLesson(layout: CourseLayout, slug: string): ScaffoldedLesson {
  const folder = nextLessonFolder(layout, slug);
  const files = lessonPaths(folder, layout);
  const fixtures = path.join(layout.lessonFixturesDir, folder.name);
  const planned: (ScaffoldFile & { text: string })[] = [
    { file: files.readme, text: readme(folder), fill: `the title, the idea, then ${[...REQUIRED_SECTIONS, 'Hints'].map((heading) => `## ${heading}`).join(', ')}` },
    { file: files.meta, text: meta(), fill: 'the tutorial section it teaches, a one-line summary, the sample run' },
    { file: files.starter, text: starter(folder), fill: 'what the learner starts from: it runs, and fails the check' },
    { file: files.checkSource, text: check(folder), fill: 'a step for every rule the text states, defaults included (it fails "not written yet" until then)' },
    { file: files.solution, text: solution(folder), fill: 'the reference solution: the check passes it' },
    { file: path.join(layout.lessonTestsDir, `${folder.name}.test.ts`), text: test(folder), fill: 'the step and the message each program gets' },
    { file: path.join(fixtures, 'written-another-way.js'), text: rightFixture(), fill: 'a right program unlike the solution: the check passes it too' },
    { file: path.join(fixtures, 'does-nothing.js'), text: wrongFixture(), fill: 'a wrong program; add one per mistake the check catches, named for what it does' },
  ];
  const taken = planned.find((entry) => existsSync(entry.file));
  if (taken) throw new Error(`${path.relative(layout.root, taken.file)} already exists, and new-lesson never overwrites`);
  for (const entry of planned) {
    mkdirSync(path.dirname(entry.file), { recursive: true });
    writeFileSync(entry.file, entry.text, { flag: 'wx' });
  }
  return { folder, files: planned.map(({ file, fill }) => ({ file, fill })) };
}

const M = SCAFFOLD_MARK;

function readme(folder: LessonFolder): string {
  return `# ${M} Title

${M} The idea, in the project's own words, with a small example a learner can run. Say where Node
versions differ.

## ${REQUIRED_SECTIONS[0]}

Write \`${folder.name}.js\` so that it:

- ${M} exactly what the program must do: what it prints and where, how it ends, what it reads.

## ${REQUIRED_SECTIONS[1]}

- \`scaling-node-workshop run ${folder.number}\` runs your program on the lesson's sample input.
- \`scaling-node-workshop verify ${folder.number}\` checks it: ${M} what the check tries.

## ${READ_MORE_HEADING}

- [${M} The section of the Node documentation the lesson uses](https://nodejs.org/api/${M})

## Hints

### ${M} A nudge

${M} Where to look.

### ${M} Nearly the answer

${M} The last hint all but gives the answer.
`;
}

function meta(): string {
  const data = {
    seed: `${M} the section of the tutorial the lesson teaches`,
    summary: `${M} one line: what the learner's program does`,
    run: { args: [], stdin: null, env: {}, until: 'exit' },
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

function starter(folder: LessonFolder): string {
  return `// Lesson ${folder.number}: ${M} Title
//
// ${M} What the program must do, in two or three lines. Run it with:  node ${folder.name}.js
//
// The lesson text (${folder.name}.md) explains more; \`npx scaling-node-workshop verify ${folder.number}\`
// checks your work.

// Your code here.
`;
}

function check(folder: LessonFolder): string {
  return `import { defineCheck, type CheckContext } from '../../src/checks/index.js';

// ${M} What the program must do, one step per rule the lesson's text states ("Adding a lesson" in the
// docs/authors.md lists the API). A program that serves HTTP: defineCheck(ServerCheckContext, async (t: ServerCheckContext) => …).
export default defineCheck(async (t: CheckContext) => {
  await t.step('${M} what the program must do', async () => {
    t.fail({
      message: 'The check of lesson ${folder.number} (${folder.name}) is not written yet.',
      expected: 'a check that tries what lessons/${folder.name}/README.md asks',
      hint: 'Write lessons/${folder.name}/check.ts.',
    });
  });
});
`;
}

function solution(folder: LessonFolder): string {
  return `// Lesson ${folder.number}: ${M} Title. The reference solution: the program the check passes.
`;
}

function test(folder: LessonFolder): string {
  return `import path from 'node:path';
import { describe, it } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = '${folder.id}';
const file = (name: string) => fixture('lessons', \`${folder.name}/\${name}\`);
// ${M} The step a wrong program fails at, and the message it gets (one test per fixture).
const step = '${M} what the program must do';

describe.concurrent('lesson ${folder.number}: ${folder.slug.replace(/-/g, ' ')}', () => {
  it('passes the reference solution', async () => {
    expectPass(await verifyFile(lesson, path.join(repoRoot, 'solutions', '${folder.name}.js')));
  });

  it('passes a right program written another way', async () => {
    expectPass(await verifyFile(lesson, file('written-another-way.js')));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '${folder.name}', 'starter.js')), step, /not written yet/);
  });

  it('fails does-nothing.js', async () => {
    expectFailure(await verifyFile(lesson, file('does-nothing.js')), step, /not written yet/);
  });
});
`;
}

function rightFixture(): string {
  return `// ${M} A right program written unlike the reference solution (another API, another order, CommonJS…).
`;
}

function wrongFixture(): string {
  return `// A wrong program: it prints nothing and exits with code 0.
`;
}
