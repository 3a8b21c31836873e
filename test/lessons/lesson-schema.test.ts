import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LessonError } from '../../src/lessons/lesson-error.js';
import { lessonMetaSchema } from '../../src/lessons/lesson-schema.js';
import { loadLesson } from '../../src/lessons/load-lesson.js';
import { listLessonFolders, type LessonFolder } from '../../src/lessons/lesson-folders.js';

const valid = {
  seed: '6 Signals',
  summary: 'Count SIGHUPs; on SIGINT or SIGTERM print stopping and exit 0',
  run: { args: [], stdin: null, env: { PORT: '3000' }, until: 'interrupt' },
};

describe('lessonMetaSchema', () => {
  it('accepts a valid lesson.json', () => {
    expect(lessonMetaSchema.parse(valid)).toEqual(valid);
    expect(lessonMetaSchema.safeParse({ ...valid, run: { ...valid.run, stdin: '1\n2\n', until: 'exit', args: ['a', ''] } }).success).toBe(true);
  });

  it('accepts what a lesson can need from the machine: Redis, PostgreSQL', () => {
    expect(lessonMetaSchema.parse({ ...valid, needs: ['redis', 'postgresql'] }).needs).toEqual(['redis', 'postgresql']);
    expect(lessonMetaSchema.safeParse({ ...valid, needs: ['postgres'] }).success).toBe(false);
  });

  it.each([
    ['an unknown field', { ...valid, extra: true }],
    ['an unknown field in run', { ...valid, run: { ...valid.run, timeout: 3 } }],
    ['a missing seed', { summary: valid.summary, run: valid.run }],
    ['an empty seed', { ...valid, seed: '' }],
    ['a summary over 80 characters', { ...valid, summary: 'x'.repeat(81) }],
    ['an environment name in lower case', { ...valid, run: { ...valid.run, env: { port: '1' } } }],
    ['a number as environment value', { ...valid, run: { ...valid.run, env: { PORT: 3000 } } }],
    ['an unknown "until"', { ...valid, run: { ...valid.run, until: 'forever' } }],
    ['stdin that is not text or null', { ...valid, run: { ...valid.run, stdin: 5 } }],
    ['args that are not strings', { ...valid, run: { ...valid.run, args: [1] } }],
  ])('rejects %s', (_, data) => {
    expect(lessonMetaSchema.safeParse(data).success).toBe(false);
  });

  it('describes every field', () => {
    for (const field of Object.values(lessonMetaSchema.shape)) expect(field.description).toBeTruthy();
  });
});

describe('loadLesson', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snw-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let created = 0;

  // A lesson folder with the given files, for loadLesson.
  function lessonWith(files: Record<string, string>): LessonFolder {
    const name = `0${(created += 1)}-lesson`;
    const folderDir = path.join(dir, name);
    mkdirSync(folderDir);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(folderDir, file), text);
    return { id: 'lesson-9', number: 9, slug: name.slice(3), name, dir: folderDir };
  }

  it('loads a valid lesson', () => {
    const lesson = loadLesson(lessonWith({ 'lesson.json': JSON.stringify(valid), 'README.md': '# Title\n\nText.\n\n## Hints\n\n### One\n\nHint.\n' }));
    expect(lesson).toMatchObject({ title: 'Title', body: 'Text.', meta: valid, hints: [{ title: 'One', text: 'Hint.' }] });
  });

  it('names the lesson and the field of an invalid lesson.json', () => {
    const folder = lessonWith({ 'lesson.json': JSON.stringify({ ...valid, summary: 'x'.repeat(81) }), 'README.md': '# Title\n' });
    expect(() => loadLesson(folder)).toThrow(LessonError);
    expect(() => loadLesson(folder)).toThrow(/lesson-9 .*lesson\.json: summary:/);
  });

  it('says when lesson.json is not JSON, or missing, or the title is missing', () => {
    expect(() => loadLesson(lessonWith({ 'lesson.json': '{ nope', 'README.md': '# T\n' }))).toThrow(/lesson\.json is not valid JSON/);
    expect(() => loadLesson(lessonWith({ 'README.md': '# T\n' }))).toThrow(/cannot read lesson\.json: ENOENT/);
    expect(() => loadLesson(lessonWith({ 'lesson.json': JSON.stringify(valid), 'README.md': 'no title\n' }))).toThrow(/"# Title" heading/);
  });

  it('loads every lesson of the course that has its files', () => {
    const lessons = listLessonFolders().filter((folder) => folder.number <= 6);
    expect(lessons.map((folder) => folder.id)).toEqual(['lesson-1', 'lesson-2', 'lesson-3', 'lesson-4', 'lesson-5', 'lesson-6']);
    for (const folder of lessons) {
      const lesson = loadLesson(folder);
      expect(lesson.title).not.toBe('');
      expect(lesson.hints.length).toBeGreaterThanOrEqual(2);
    }
  });
});
