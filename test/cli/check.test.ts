import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/authoring/check-report.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const lessons = listLessonFolders();
const complete = (name: string) =>
  ['README.md', 'lesson.json', 'starter.js', 'check.ts'].every((file) => existsSync(path.join(repoRoot, 'lessons', name, file))) && existsSync(path.join(repoRoot, 'solutions', `${name}.js`));

// The authors' check of this repository's own course, as CI runs it.
describe('check (the built binary, on this course)', () => {
  let result: Awaited<ReturnType<typeof runCli>>;
  let report: CheckReport;

  beforeAll(async () => {
    result = await runCli(['check', '--json'], { timeout: 300_000 });
    report = JSON.parse(result.stdout) as CheckReport;
  }, 300_000);

  it('checks every lesson, in course order, and exits 0 only when nothing is wrong', () => {
    expect(report.lessons.map((lesson) => lesson.id)).toEqual(lessons.map((lesson) => lesson.id));
    expect(result.exitCode, result.stderr).toBe(report.ok ? 0 : 1);
    expect(report.ok).toBe(report.layout.length === 0 && report.lessons.every((lesson) => lesson.ok));
    expect(report.concurrency).toBeLessThanOrEqual(4);
  });

  it.each(lessons.filter((lesson) => complete(lesson.name)).map((lesson) => [lesson.id, lesson.name]))(
    '%s: the starter fails, the reference solution passes, nothing is missing',
    (id) => {
      const lesson = report.lessons.find((candidate) => candidate.id === id)!;
      expect(lesson.problems).toEqual([]);
      expect(lesson.starter).toMatchObject({ passed: false });
      expect(lesson.starter!.error).toBeUndefined();
      expect(lesson.solution).toMatchObject({ passed: true });
      expect(lesson.ok).toBe(true);
    },
  );

  it('finds nothing stray in lessons/ and solutions/', () => {
    expect(report.layout).toEqual([]);
  });

  it('prints a line per lesson and a verdict as text', async () => {
    const text = await runCli(['check', '--concurrency', '4'], { timeout: 300_000 });
    expect(text.exitCode, text.stdout).toBe(result.exitCode);
    const heads = text.stdout.split('\n').filter((line) => /^[✓✗] lesson-\d+ /.test(line));
    expect(heads.map((line) => line.split(/\s+/)[1])).toEqual(lessons.map((lesson) => lesson.id));
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^(OK|PROBLEMS) ${lessons.length} lessons: \\d+ ok, .*4 at a time\\)$`));
  }, 300_000);

  it.each([
    [['check', 'lesson-1'], 'scaling-node-workshop: check: unexpected argument "lesson-1"'],
    [['check', '--concurrency', '0'], 'scaling-node-workshop: --concurrency must be a whole number of at least 1, not "0"'],
    [['check', '--junit', 'x.xml'], 'scaling-node-workshop: check does not take --junit'],
  ])('%j is a usage error: exit 2, one line', async (args, message) => {
    const usage = await runCli(args);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr.trim()).toBe(message);
  });
});
