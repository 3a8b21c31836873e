import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { initWorkspace } from '../../src/workspace/init-workspace.js';
import { loadLesson } from '../../src/lessons/load-lesson.js';
import { WORKSPACE_MARKER } from '../../src/workspace/workspace-paths.js';
import { repoRoot } from '../helpers/paths.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'snw-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lessons = listLessonFolders();
const starters = lessons.map((lesson) => `${lesson.name}.js`);

describe('initWorkspace', () => {
  it('creates the marker, a module package.json and one starter per lesson', () => {
    const report = initWorkspace(path.join(dir, 'workspace'));
    const workspace = path.join(dir, 'workspace');
    expect(report.workspace).toBe(workspace);
    expect(report.created.sort()).toEqual(['package.json', ...starters].sort());
    expect(report.kept).toEqual([]);
    expect(existsSync(path.join(workspace, WORKSPACE_MARKER))).toBe(true);
    const ours = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    // Lesson 14's and lesson 15's clients, in the versions the workshop is tested with, for `npm install` in the workspace.
    expect(JSON.parse(readFileSync(path.join(workspace, 'package.json'), 'utf8'))).toEqual({ private: true, type: 'module', dependencies: { redis: ours.dependencies.redis, pg: ours.dependencies.pg } });
    expect(report.listed).toEqual(['redis', 'pg']);
    expect(report.unlisted).toEqual([]);
    for (const lesson of lessons) {
      expect(readFileSync(path.join(workspace, `${lesson.name}.js`), 'utf8')).toBe(readFileSync(path.join(lesson.dir, 'starter.js'), 'utf8'));
    }
  });

  it("writes each lesson's text beside its starter: title, text and how to check, without the hints", () => {
    const workspace = path.join(dir, 'with-texts');
    const report = initWorkspace(workspace);
    expect(report.texts).toEqual(lessons.map((lesson) => `${lesson.name}.md`));
    for (const folder of lessons) {
      const lesson = loadLesson(folder);
      const text = readFileSync(path.join(workspace, `${folder.name}.md`), 'utf8');
      expect(text.startsWith(`# Lesson ${lesson.number}: ${lesson.title}\n\n`)).toBe(true);
      expect(text).toContain(lesson.body.split('\n')[0]);
      expect(text).toContain('## Your program');
      expect(text).toMatch(new RegExp(`Check your program: \`(npx )?scaling-node-workshop verify ${lesson.number}\``));
      expect(text).not.toContain('## Hints');
      for (const hint of lesson.hints) expect(text).not.toContain(hint.text);
    }
  });

  it("keeps a lesson text the learner already has (their notes in it stay)", () => {
    writeFileSync(path.join(dir, '01-hello.md'), 'my notes');
    const report = initWorkspace(dir);
    expect(report.keptTexts).toEqual(['01-hello.md']);
    expect(readFileSync(path.join(dir, '01-hello.md'), 'utf8')).toBe('my notes');
    expect(report.texts).toHaveLength(lessons.length - 1);
  });

  it('never overwrites a file, whatever its extension', () => {
    writeFileSync(path.join(dir, '01-hello.js'), 'my own work');
    writeFileSync(path.join(dir, '02-argv.ts'), 'my typescript');
    writeFileSync(path.join(dir, 'package.json'), '{"name":"mine"}');
    const report = initWorkspace(dir);
    expect(report.kept.sort()).toEqual(['01-hello.js', '02-argv.ts', 'package.json']);
    expect(readFileSync(path.join(dir, '01-hello.js'), 'utf8')).toBe('my own work');
    expect(readFileSync(path.join(dir, '02-argv.ts'), 'utf8')).toBe('my typescript');
    expect(readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe('{"name":"mine"}');
    expect(report.unlisted, 'a kept package.json without the Redis and PostgreSQL clients: the learner is told to install them').toEqual(['redis', 'pg']);
    expect(existsSync(path.join(dir, '02-argv.js'))).toBe(false);
    expect(report.created).toHaveLength(starters.length - 2);
  });

  it('run twice, keeps everything the first run created', () => {
    initWorkspace(dir);
    writeFileSync(path.join(dir, '03-stdio.js'), 'changed by the learner');
    const before = readdirSync(dir).sort();
    const report = initWorkspace(dir);
    expect(report.created).toEqual([]);
    expect(report.kept).toHaveLength(starters.length + 1);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readFileSync(path.join(dir, '03-stdio.js'), 'utf8')).toBe('changed by the learner');
  });

  it('keeps the files of a lesson with competing files', () => {
    writeFileSync(path.join(dir, '05-pid.js'), 'a');
    writeFileSync(path.join(dir, '05-pid.mjs'), 'b');
    expect(initWorkspace(dir).kept).toContain('05-pid.js, 05-pid.mjs');
  });
});
