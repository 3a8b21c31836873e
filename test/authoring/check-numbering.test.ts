import { describe, expect, it } from 'vitest';
import { checkNumbering } from '../../src/authoring/check-numbering.js';
import type { LessonFolder } from '../../src/lessons/lesson-folders.js';

const folder = (name: string): LessonFolder => ({ id: `lesson-${Number(name.slice(0, 2))}`, number: Number(name.slice(0, 2)), slug: name.slice(3), name, dir: `/course/lessons/${name}` });

describe('checkNumbering', () => {
  it('accepts lessons numbered 1 to n', () => {
    expect(checkNumbering(['01-a', '02-b', '03-c'].map(folder))).toEqual([]);
  });

  it('reports a gap, a duplicate and a lesson 00', () => {
    expect(checkNumbering(['00-zero', '01-a', '03-c', '03-again', '05-e'].map(folder))).toEqual([
      { where: 'lessons/03-c', message: 'duplicate lesson number 3: lessons/03-c, lessons/03-again' },
      { where: 'lessons', message: 'lesson number gap: no lesson 02-* between 1 and 5' },
      { where: 'lessons', message: 'lesson number gap: no lesson 04-* between 1 and 5' },
      { where: 'lessons/00-zero', message: 'lesson numbers start at 01' },
    ]);
  });
});
