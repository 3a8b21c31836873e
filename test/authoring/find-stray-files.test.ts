import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CourseLayout } from '../../src/lessons/course-layout.js';
import { findStrayFiles } from '../../src/authoring/find-stray-files.js';
import { makeCourse } from './temp-course.js';

describe('findStrayFiles', () => {
  let layout: CourseLayout;
  afterEach(() => rmSync(layout.root, { recursive: true, force: true }));

  it('finds nothing in a tidy course', () => {
    layout = makeCourse([{ name: '01-hello' }, { name: '02-argv' }]);
    expect(findStrayFiles(layout)).toEqual([]);
  });

  it('accepts the course contract, lessons/CONTRACT.md, and no other file there', () => {
    layout = makeCourse([{ name: '01-hello' }]);
    writeFileSync(path.join(layout.lessonsDir, 'CONTRACT.md'), '# Course contract\n');
    writeFileSync(path.join(layout.lessonsDir, 'CONTRACT.txt'), '');
    expect(findStrayFiles(layout)).toEqual([{ where: 'lessons/CONTRACT.txt', message: 'stray file: lessons/ holds only lesson folders and CONTRACT.md' }]);
  });

  it('finds misnamed folders, extra files, and solutions without a lesson or with the wrong name', () => {
    layout = makeCourse([{ name: '01-hello' }, { name: '02-argv' }]);
    const touch = (relative: string) => writeFileSync(path.join(layout.root, relative), '');
    touch('lessons/notes.md');
    mkdirSync(path.join(layout.lessonsDir, '6-signals'));
    mkdirSync(path.join(layout.lessonsDir, '03_Stdio'));
    touch('lessons/01-hello/extra.txt');
    mkdirSync(path.join(layout.lessonsDir, '01-hello', 'fixtures'));
    touch('solutions/01-hello.ts');
    touch('solutions/02-args.js');
    touch('solutions/09-ghost.js');
    mkdirSync(path.join(layout.solutionsDir, 'old'));
    expect(findStrayFiles(layout)).toEqual([
      { where: 'lessons/01-hello/extra.txt', message: 'stray file: a lesson folder holds only README.md, lesson.json, starter.js, check.ts' },
      { where: 'lessons/01-hello/fixtures', message: 'stray folder: a lesson folder holds only README.md, lesson.json, starter.js, check.ts' },
      { where: 'lessons/03_Stdio', message: 'misnamed lesson folder: a lesson folder is named NN-slug (two digits, a dash, lowercase words joined by dashes)' },
      { where: 'lessons/6-signals', message: 'misnamed lesson folder: a lesson folder is named NN-slug (two digits, a dash, lowercase words joined by dashes)' },
      { where: 'lessons/notes.md', message: 'stray file: lessons/ holds only lesson folders and CONTRACT.md' },
      { where: 'solutions/01-hello.ts', message: 'misnamed solution: reference solutions are .js files (01-hello.js)' },
      { where: 'solutions/02-args.js', message: 'misnamed solution: lesson 2 is lessons/02-argv, so its solution is solutions/02-argv.js' },
      { where: 'solutions/09-ghost.js', message: 'a solution without a lesson: no lesson folder has this name' },
      { where: 'solutions/old', message: 'stray folder: solutions/ holds only NN-slug.js files' },
    ]);
  });
});
