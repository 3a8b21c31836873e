import { rmSync, utimesSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { lessonPaths, type CourseLayout } from '../../src/lessons/course-layout.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { loadCheck, requireCheck } from '../../src/lessons/load-check.js';
import { makeCourse } from '../authoring/temp-course.js';

let layout: CourseLayout | undefined;
afterEach(() => {
  if (layout) rmSync(layout.root, { recursive: true, force: true });
  layout = undefined;
});

describe('the one check loader', () => {
  it('knows every file of a lesson from the course layout', () => {
    layout = makeCourse([{ name: '01-one' }]);
    const [folder] = listLessonFolders(layout.lessonsDir);
    expect(lessonPaths(folder!, layout)).toEqual({
      readme: `${layout.lessonsDir}/01-one/README.md`,
      meta: `${layout.lessonsDir}/01-one/lesson.json`,
      starter: `${layout.lessonsDir}/01-one/starter.js`,
      checkSource: `${layout.lessonsDir}/01-one/check.ts`,
      compiledCheck: `${layout.root}/dist/lessons/01-one/check.js`,
      solution: `${layout.root}/solutions/01-one.js`,
    });
  });

  it('holds only the authors\' check to file times: a stale build is refused with `fresh`, and used without', async () => {
    layout = makeCourse([{ name: '01-stale' }]);
    const [folder] = listLessonFolders(layout.lessonsDir);
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(lessonPaths(folder!, layout).checkSource, future, future);
    expect(await loadCheck(folder!, { layout, fresh: true })).toEqual({ problem: { reason: 'stale', where: 'dist/lessons/01-stale/check.js', message: expect.stringMatching(/older than check\.ts/) } });
    expect(await loadCheck(folder!, { layout })).toEqual({ check: expect.any(Function) });
  });

  it('names the lesson and the file when verify cannot use a check', async () => {
    await expect(requireCheck({ id: 'lesson-99', number: 99, slug: 'nowhere', name: '99-nowhere', dir: '/nowhere/99-nowhere' })).rejects.toThrow(
      'lesson-99 (lessons/99-nowhere): dist/lessons/99-nowhere/check.js: no compiled check: build the project (npm run build)',
    );
  });
});
