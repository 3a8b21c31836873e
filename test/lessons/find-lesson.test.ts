import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLesson, suggestLesson } from '../../src/lessons/find-lesson.js';
import { listLessonFolders, type LessonFolder } from '../../src/lessons/lesson-folders.js';

const folder = (number: number, slug: string): LessonFolder => {
  const name = `${String(number).padStart(2, '0')}-${slug}`;
  return { id: `lesson-${number}`, number, slug, name, dir: `/lessons/${name}` };
};
const folders = [folder(1, 'hello'), folder(2, 'argv'), folder(6, 'signals'), folder(12, 'graceful-shutdown')];

describe('findLesson', () => {
  it.each(['lesson-6', '6', '06', 'signals', '06-signals', ' Signals ', 'LESSON-6'])('finds lesson 6 by "%s"', (name) => {
    expect(findLesson(folders, name)?.id).toBe('lesson-6');
  });

  it('finds two-digit lessons by every name', () => {
    for (const name of ['lesson-12', '12', 'graceful-shutdown', '12-graceful-shutdown']) expect(findLesson(folders, name)?.id).toBe('lesson-12');
  });

  it('finds nothing for a name no lesson has', () => {
    expect(findLesson(folders, 'signal')).toBeUndefined();
    expect(findLesson(folders, '7')).toBeUndefined();
    expect(findLesson(folders, '')).toBeUndefined();
  });
});

describe('suggestLesson', () => {
  it('suggests the closest name for a small typo', async () => {
    expect(await suggestLesson(folders, 'signsl')).toBe('signals');
    expect(await suggestLesson(folders, 'lesson-66')).toBe('lesson-6');
    expect(await suggestLesson(folders, 'graceful-shutdwn')).toBe('graceful-shutdown');
  });

  it('suggests nothing when no name is close', async () => {
    expect(await suggestLesson(folders, 'kubernetes')).toBeUndefined();
  });
});

describe('listLessonFolders', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snw-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists lesson folders in course order and ignores everything else', () => {
    for (const name of ['10-messages', '02-argv', '01-hello', 'notes', '3-bad', '04-Upper']) mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, '05-file-not-folder'), '');
    expect(listLessonFolders(dir).map((entry) => [entry.id, entry.slug, entry.name])).toEqual([
      ['lesson-1', 'hello', '01-hello'],
      ['lesson-2', 'argv', '02-argv'],
      ['lesson-10', 'messages', '10-messages'],
    ]);
    expect(listLessonFolders(dir)[0]!.dir).toBe(path.join(dir, '01-hello'));
  });
});
