import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextLessonFolder, scaffoldLesson, slugProblem } from '../../src/authoring/scaffold-lesson.js';
import type { CourseLayout } from '../../src/lessons/course-layout.js';
import { makeCourse } from './temp-course.js';

describe('the next lesson new-lesson writes', () => {
  let layout: CourseLayout;
  afterEach(() => rmSync(layout.root, { recursive: true, force: true }));

  it('comes after the last lesson, whatever the gaps before it', () => {
    layout = makeCourse([{ name: '01-one' }, { name: '03-three' }]);
    expect(nextLessonFolder(layout, 'four')).toMatchObject({ id: 'lesson-4', number: 4, name: '04-four', dir: path.join(layout.lessonsDir, '04-four') });
  });

  it('is lesson 1 of an empty course', () => {
    layout = makeCourse([]);
    expect(nextLessonFolder(layout, 'hello')).toMatchObject({ number: 1, name: '01-hello' });
  });

  it('cannot be lesson 100: a lesson number has two digits', () => {
    layout = makeCourse([{ name: '99-last' }]);
    expect(() => nextLessonFolder(layout, 'more')).toThrow('the course already has 99 lessons: a lesson number has two digits');
    expect(() => scaffoldLesson(layout, 'more')).toThrow(/two digits/);
  });

  it('takes a slug of lowercase words joined by dashes, not taken by another lesson', () => {
    layout = makeCourse([{ name: '01-hello' }]);
    expect(slugProblem(layout, 'worker-threads')).toBeUndefined();
    expect(slugProblem(layout, 'http2')).toBeUndefined();
    expect(slugProblem(layout, 'hello')).toBe('lesson 1 is already called "hello" (lessons/01-hello)');
    for (const bad of ['', 'Hello', 'two words', 'trailing-', '-leading', 'double--dash', 'snake_case', 'dots.js']) {
      expect(slugProblem(layout, bad), bad).toMatch(/is not a lesson slug/);
    }
    expect(slugProblem(layout, '02-argv')).toBe('give the slug without a number ("argv"): new-lesson takes the next one');
  });

  it('writes nothing when one of its files is already there', () => {
    layout = makeCourse([{ name: '01-hello' }]);
    writeFileSync(path.join(layout.solutionsDir, '02-next.js'), 'mine\n');
    expect(() => scaffoldLesson(layout, 'next')).toThrow('solutions/02-next.js already exists, and new-lesson never overwrites');
    expect(existsSync(path.join(layout.lessonsDir, '02-next'))).toBe(false);
  });
});
