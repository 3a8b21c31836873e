import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClassFolderError } from '../../src/grade/class-folder-error.js';
import { findStudents } from '../../src/grade/find-students.js';

describe('findStudents', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'snw-test-students-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the student folders in name order, following links inside the class folder, skipping hidden folders and files', () => {
    for (const name of ['zoe', 'ada', 'Bob', '.git']) mkdirSync(path.join(dir, name));
    mkdirSync(path.join(dir, 'elsewhere-max'));
    symlinkSync(path.join(dir, 'elsewhere-max'), path.join(dir, 'max'));
    writeFileSync(path.join(dir, 'grades.csv'), '');
    expect(findStudents(dir).map((student) => student.name)).toEqual(['Bob', 'ada', 'elsewhere-max', 'max', 'zoe']);
    expect(findStudents(dir)[1]).toEqual({ name: 'ada', dir: path.join(dir, 'ada') });
  });

  it('lists a student folder that links out of the class folder as refused, never as a student to grade', () => {
    mkdirSync(path.join(dir, 'class', 'ada'), { recursive: true });
    mkdirSync(path.join(dir, 'outside'));
    symlinkSync(path.join(dir, 'outside'), path.join(dir, 'class', 'eve'));
    symlinkSync('/', path.join(dir, 'class', 'root'));
    symlinkSync('..', path.join(dir, 'class', 'up'));
    expect(findStudents(path.join(dir, 'class'))).toEqual([
      { name: 'ada', dir: path.join(dir, 'class', 'ada') },
      { name: 'eve', dir: path.join(dir, 'class', 'eve'), refused: expect.stringContaining('is a link out of the class folder') },
      { name: 'root', dir: path.join(dir, 'class', 'root'), refused: expect.stringContaining('is a link out of the class folder') },
      { name: 'up', dir: path.join(dir, 'class', 'up'), refused: expect.stringContaining('is a link out of the class folder') },
    ]);
  });

  it('refuses a missing folder, a file, and a folder without students, saying which', () => {
    expect(() => findStudents(path.join(dir, 'nope'))).toThrow(new ClassFolderError(`${path.join(dir, 'nope')}: no such folder`));
    writeFileSync(path.join(dir, 'file.txt'), '');
    expect(() => findStudents(path.join(dir, 'file.txt'))).toThrow(/is not a folder/);
    mkdirSync(path.join(dir, 'empty', '.hidden'), { recursive: true });
    expect(() => findStudents(path.join(dir, 'empty'))).toThrow(/has no student folders/);
  });
});
