import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLesson } from '../../src/lessons/load-lesson.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { verifyResultSchema } from '../../src/results/result-schema.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const lessonOne = loadLesson(listLessonFolders()[0]!);
// runCli's output loses its final newline, as execa's does.
const solutionOf = (name: string) => readFileSync(path.join(repoRoot, 'solutions', `${name}.js`), 'utf8').replace(/\n$/, '');
const hasCompiledCheck = (name: string) => existsSync(path.join(repoRoot, 'dist', 'lessons', name, 'check.js'));

describe('--instructor', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'snw-test-instructor-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Each command with --instructor, and what shows it ran (a usage error would exit 2 instead).
  it.each([
    [[], 0],
    [['help'], 0],
    [['list'], 0],
    [['hint', '1'], 0],
    [['solution', '1'], 0],
    [['verify', '1', '--solution'], 0],
    [['run', '1', '--solution'], 0],
    [['init', 'workspace'], 0],
  ])('is accepted by %j', async (args, exitCode) => {
    const result = await runCli([...args, '--instructor'], { cwd: dir });
    expect(result.stderr).not.toMatch(/does not take --instructor/);
    expect(result.exitCode, result.stderr).toBe(exitCode);
  });

  it.each([
    [['check', '--concurrency', '0'], '--concurrency must be a whole number'],
    [['grade', 'no-such-class'], 'no-such-class: no such folder'],
  ])('is accepted by %j (which then stops at its own usage error)', async (args, message) => {
    const result = await runCli([...args, '--instructor'], { cwd: dir });
    expect(result.stderr).not.toMatch(/does not take --instructor/);
    expect(result.stderr).toContain(message);
    expect(result.exitCode).toBe(2);
  });

  it('opens every solution, without a workspace or any progress', async () => {
    for (const folder of listLessonFolders().filter((lesson) => existsSync(path.join(repoRoot, 'solutions', `${lesson.name}.js`)))) {
      const result = await runCli(['solution', folder.id, '--instructor'], { cwd: dir });
      expect(result.exitCode, `${folder.id}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toBe(solutionOf(folder.name));
    }
  });

  it('shows every hint at once', async () => {
    const result = await runCli(['hint', '1', '--instructor'], { cwd: dir });
    expect(lessonOne.hints.length).toBeGreaterThan(1);
    for (const [index, hint] of lessonOne.hints.entries()) expect(result.stdout).toContain(`Hint ${index + 1}/${lessonOne.hints.length}: ${hint.title}`);
  });
});

describe('a learner without --instructor', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'snw-test-learner-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never sees a solution outside a workspace', async () => {
    const result = await runCli(['solution', '1'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the solution of lesson-1 opens once you pass it');
  });

  it('sees a solution only once the lesson is passed in the workspace', async () => {
    expect((await runCli(['init', 'ws'], { cwd: dir })).exitCode).toBe(0);
    const workspace = path.join(dir, 'ws');
    const before = await runCli(['solution', '1'], { cwd: workspace });
    expect(before.exitCode).toBe(1);
    expect(before.stdout).toBe('');

    writeFileSync(path.join(workspace, '01-hello.js'), "console.log('Hello World');\n");
    const verified = await runCli(['verify', '1'], { cwd: workspace });
    expect(verified.exitCode, verified.stdout).toBe(0);

    const after = await runCli(['solution', '1'], { cwd: workspace });
    expect(after.exitCode).toBe(0);
    expect(after.stdout).toBe(solutionOf(lessonOne.name));
    const other = await runCli(['solution', '2'], { cwd: workspace });
    expect(other.exitCode).toBe(1);
    expect(other.stdout).toBe('');
  });
});

describe('verify <lesson> --solution', () => {
  it.each(listLessonFolders().filter((lesson) => hasCompiledCheck(lesson.name)).map((lesson) => [lesson.id, lesson.name]))(
    'passes the shipped reference solution of %s',
    async (id, name) => {
      const result = await runCli(['verify', id, '--solution', '--json'], { cwd: tmpdir() });
      expect(result.exitCode, result.stdout).toBe(0);
      const report = verifyResultSchema.parse(JSON.parse(result.stdout));
      expect(report).toMatchObject({ lesson: id, passed: true, file: path.join(repoRoot, 'solutions', `${name}.js`) });
      expect(report.steps.length).toBeGreaterThan(0);
    },
    60_000,
  );

  it('prints the verdict as text without --json', async () => {
    const result = await runCli(['verify', '1', '--solution']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^PASSED lesson-1 \(Hello World\): all \d+ steps? passed/m);
  });
});
