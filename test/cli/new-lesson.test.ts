import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLessonContent } from '../../src/authoring/check-lesson-content.js';
import type { Check } from '../../src/checks/define-check.js';
import { runCheck } from '../../src/checks/run-check.js';
import { courseLayout } from '../../src/lessons/course-layout.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { loadLesson } from '../../src/lessons/load-lesson.js';
import { REQUIRED_SECTIONS, textSections } from '../../src/lessons/parse-instructions.js';
import { lastLesson } from '../helpers/course.js';
import { repoRoot } from '../helpers/paths.js';

// These run the built binary of a copy of this repository: `npm run build` first (npm test does).

const clones: string[] = [];
afterEach(() => {
  for (const dir of clones.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// A clone of the repository as an author has it: the built workshop, the course, its source and tests.
function clone({ source = true } = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'snw-test-clone-'));
  clones.push(root);
  for (const part of ['package.json', 'dist', 'lessons', 'solutions']) cpSync(path.join(repoRoot, part), path.join(root, part), { recursive: true });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
  if (source) {
    symlinkSync(path.join(repoRoot, 'src'), path.join(root, 'src'));
    for (const dir of ['test/lessons', 'test/fixtures/lessons']) mkdirSync(path.join(root, dir), { recursive: true });
    for (const folder of listLessonFolders()) cpSync(path.join(repoRoot, 'test', 'fixtures', 'lessons', folder.name), path.join(root, 'test', 'fixtures', 'lessons', folder.name), { recursive: true });
  }
  return root;
}

async function newLesson(root: string, ...args: string[]) {
  const result = await execa(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'bin.js'), 'new-lesson', ...args], { cwd: root, reject: false, env: { NO_COLOR: '1' } });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

const next = lastLesson.number + 1;
const name = `${String(next).padStart(2, '0')}-job-queues`;

describe('new-lesson (the built binary, in a clone of the repository)', () => {
  it('writes the next lesson: its folder, solution, test and fixtures, and says what to fill in', async () => {
    const root = clone();
    const result = await newLesson(root, 'job-queues');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const written = [
      `lessons/${name}/README.md`,
      `lessons/${name}/lesson.json`,
      `lessons/${name}/starter.js`,
      `lessons/${name}/check.ts`,
      `solutions/${name}.js`,
      `test/lessons/${name}.test.ts`,
      `test/fixtures/lessons/${name}/written-another-way.js`,
      `test/fixtures/lessons/${name}/does-nothing.js`,
    ];
    expect(result.stdout.split('\n')[0]).toBe(`Created lesson ${next}, ${name}. Write what each ✎ marks:`);
    for (const file of written) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
      expect(result.stdout).toMatch(new RegExp(`^  ${file} +\\S`, 'm'));
    }
    expect(readdirSync(path.join(root, 'lessons', name)).sort()).toEqual(['README.md', 'check.ts', 'lesson.json', 'starter.js']);
    expect(result.stdout).toContain('node dist/src/cli/bin.js check');

    // The workshop loads it as it is, with every section the README's "Adding a lesson" asks for.
    const folder = listLessonFolders(path.join(root, 'lessons')).at(-1)!;
    expect(folder).toMatchObject({ id: `lesson-${next}`, number: next, slug: 'job-queues', name });
    const headings = textSections(readFileSync(path.join(root, 'lessons', name, 'README.md'), 'utf8')).map((section) => section.heading);
    expect(headings).toEqual([undefined, ...REQUIRED_SECTIONS, 'Hints']);
  });

  it('leaves nothing for check to report but what the author must still write', async () => {
    const root = clone();
    expect((await newLesson(root, 'job-queues')).exitCode).toBe(0);
    const layout = courseLayout(root);
    const folder = listLessonFolders(layout.lessonsDir).at(-1)!;
    const { problems, has } = checkLessonContent(layout, folder);
    expect(has).toEqual({ starter: true, solution: true, check: true });
    expect(problems.map((problem) => problem.where)).toEqual([`lessons/${name}/README.md`, `lessons/${name}/lesson.json`, `lessons/${name}/README.md`, `lessons/${name}/starter.js`, `solutions/${name}.js`]);
    // Each one names a ✎ left to write: the link to find, then the marked lines of each file.
    expect(problems[0]!.message).toMatch(/^"## Read more" links to the page https:\/\/nodejs\.org\/api\/✎/);
    for (const problem of problems.slice(1)) expect(problem.message).toMatch(/^\d+ lines? marked ✎ by new-lesson/);
  });

  it('writes a check that fails every program, saying it is not written yet', async () => {
    const root = clone();
    expect((await newLesson(root, 'job-queues')).exitCode).toBe(0);
    const folder = listLessonFolders(path.join(root, 'lessons')).at(-1)!;
    const check = (await import(path.join(root, 'lessons', name, 'check.ts'))).default as Check;
    const result = await runCheck(check, { lesson: folder.id, title: 'Job queues', file: path.join(root, 'solutions', `${name}.js`), cwd: root });
    expect(result.passed).toBe(false);
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]).toMatchObject({ passed: false, message: `The check of lesson ${next} (${name}) is not written yet.`, hint: `Write lessons/${name}/check.ts.` });
  });

  it('numbers after the last lesson: a second one comes next', async () => {
    const root = clone();
    expect((await newLesson(root, 'job-queues')).exitCode).toBe(0);
    const result = await newLesson(root, 'streams');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Created lesson ${next + 1}, ${String(next + 1).padStart(2, '0')}-streams.`);
    expect(() => loadLesson(listLessonFolders(path.join(root, 'lessons')).at(-1)!)).not.toThrow();
  });

  it.each([
    [[], "new-lesson needs the new lesson's slug: new-lesson <slug>, e.g. new-lesson job-queues"],
    [['Job Queues'], 'new-lesson: "Job Queues" is not a lesson slug: lowercase letters and digits, words joined by dashes (job-queues)'],
    [['job_queues'], 'new-lesson: "job_queues" is not a lesson slug: lowercase letters and digits, words joined by dashes (job-queues)'],
    [[name], 'new-lesson: give the slug without a number ("job-queues"): new-lesson takes the next one'],
    [[lastLesson.slug], `new-lesson: lesson ${lastLesson.number} is already called "${lastLesson.slug}" (lessons/${lastLesson.name})`],
    [['a', 'b'], 'new-lesson: unexpected argument "b"'],
  ])('refuses %j in one line, with exit 2, and writes nothing', async (args, message) => {
    const root = clone();
    const result = await newLesson(root, ...args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`scaling-node-workshop: ${message}`);
    expect(readdirSync(path.join(root, 'lessons')).filter((entry) => /^\d+-/.test(entry))).toEqual(listLessonFolders().map((folder) => folder.name));
  });

  it('never overwrites a file already there', async () => {
    const root = clone();
    mkdirSync(path.join(root, 'test', 'fixtures', 'lessons', name), { recursive: true });
    cpSync(path.join(repoRoot, 'solutions', '01-hello.js'), path.join(root, 'test', 'fixtures', 'lessons', name, 'does-nothing.js'));
    const result = await newLesson(root, 'job-queues');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`scaling-node-workshop: new-lesson: test/fixtures/lessons/${name}/does-nothing.js already exists, and new-lesson never overwrites`);
    expect(existsSync(path.join(root, 'lessons', name))).toBe(false);
  });

  it('refuses to write into an installed copy, which has no source', async () => {
    const root = clone({ source: false });
    const result = await newLesson(root, 'job-queues');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`scaling-node-workshop: new-lesson writes into the workshop's source, and ${root} is an installed copy: run it in a clone of the repository`);
  });

  it('is listed in --help, for authors', async () => {
    const result = await execa(process.execPath, [path.join(repoRoot, 'dist', 'src', 'cli', 'bin.js'), '--help'], { reject: false });
    expect(String(result.stdout)).toMatch(/^For authors:\n  scaling-node-workshop new-lesson <slug> +\S/m);
  });
});
