import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLessons } from '../../src/authoring/check-lessons.js';
import type { CourseLayout } from '../../src/lessons/course-layout.js';
import { goodMeta, makeCourse } from './temp-course.js';

describe('checkLessons', () => {
  let layout: CourseLayout;
  afterEach(() => rmSync(layout.root, { recursive: true, force: true }));

  it('passes a course whose starters fail and whose solutions pass', async () => {
    layout = makeCourse([{ name: '01-one' }, { name: '02-two' }, { name: '03-three' }]);
    const seen: number[] = [];
    const report = await checkLessons({ layout, concurrency: 2, onLessonChecked: (_, index) => seen.push(index) });
    expect(report.ok).toBe(true);
    expect(report.layout).toEqual([]);
    expect(report.concurrency).toBe(2);
    expect(seen.sort()).toEqual([0, 1, 2]);
    expect(report.lessons.map((lesson) => [lesson.id, lesson.ok, lesson.starter?.passed, lesson.solution?.passed])).toEqual([
      ['lesson-1', true, false, true],
      ['lesson-2', true, false, true],
      ['lesson-3', true, false, true],
    ]);
    expect(report.lessons[0]!.starter).toMatchObject({ steps: 1, failedStep: 'prints ok and exits with code 0', message: expect.stringContaining('"ok"') });
  });

  it('reports a starter that passes, a solution that fails, and a check that breaks', async () => {
    layout = makeCourse([
      { name: '01-easy', starter: "console.log('ok');\n" },
      { name: '02-wrong', solution: "console.log('nope');\n" },
      { name: '03-broken', compiledCheck: "export default async (t) => { await t.step('explodes', async () => { throw new TypeError('bug in the check'); }); };\n" },
    ]);
    const report = await checkLessons({ layout });
    expect(report.ok).toBe(false);
    expect(report.lessons.map((lesson) => lesson.problems)).toEqual([
      [{ where: 'lessons/01-easy/starter.js', message: 'the starter passes the check; it must fail until the learner writes the program' }],
      [{ where: 'solutions/02-wrong.js', message: expect.stringMatching(/^the reference solution fails step "prints ok and exits with code 0": .*"nope"/) }],
      [
        { where: 'lessons/03-broken/starter.js', message: 'the check could not finish on the starter: the check itself failed: bug in the check' },
        { where: 'solutions/03-broken.js', message: 'the check could not finish on the reference solution: the check itself failed: bug in the check' },
      ],
    ]);
  });

  it('reports a step count in lesson.json that the reference solution does not go through', async () => {
    const meta = (steps: number) => JSON.stringify({ ...JSON.parse(goodMeta), steps });
    layout = makeCourse([{ name: '01-right', meta: meta(1) }, { name: '02-wrong', meta: meta(8) }]);
    const report = await checkLessons({ layout });
    expect(report.lessons.map((lesson) => lesson.problems)).toEqual([
      [],
      [{ where: 'lessons/02-wrong/lesson.json', message: '"steps" is 8, but the check has 1 steps on the reference solution: set "steps": 1' }],
    ]);
  });

  it('reports a check that is missing, not compiled, older than its source, or without a default export, and does not run it', async () => {
    layout = makeCourse([
      { name: '01-nocheck', checkSource: null, compiledCheck: null },
      { name: '02-unbuilt', compiledCheck: null },
      { name: '03-stale' },
      { name: '04-noexport', compiledCheck: 'export const check = 1;\n' },
    ]);
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(`${layout.lessonsDir}/03-stale/check.ts`, future, future);
    const report = await checkLessons({ layout });
    expect(report.lessons.map((lesson) => [lesson.problems, lesson.starter])).toEqual([
      [[{ where: 'lessons/01-nocheck/check.ts', message: 'missing: the check (check.ts)' }], undefined],
      [[{ where: 'dist/lessons/02-unbuilt/check.js', message: 'no compiled check: build the project (npm run build)' }], undefined],
      [[{ where: 'dist/lessons/03-stale/check.js', message: 'the compiled check is older than check.ts: build the project again (npm run build)' }], undefined],
      [[{ where: 'lessons/04-noexport/check.ts', message: 'check.ts must export default defineCheck(...)' }], undefined],
    ]);
  });

  it('adds the layout problems: stray files and number gaps', async () => {
    layout = makeCourse([{ name: '01-one' }, { name: '03-three' }]);
    writeFileSync(`${layout.solutionsDir}/07-orphan.js`, '');
    const report = await checkLessons({ layout });
    expect(report.ok).toBe(false);
    expect(report.lessons.every((lesson) => lesson.ok)).toBe(true);
    expect(report.layout).toEqual([
      { where: 'lessons', message: 'lesson number gap: no lesson 02-* between 1 and 3' },
      { where: 'solutions/07-orphan.js', message: 'a solution without a lesson: no lesson folder has this name' },
    ]);
  });
});
