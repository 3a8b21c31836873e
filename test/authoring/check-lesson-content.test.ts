import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLessonContent } from '../../src/authoring/check-lesson-content.js';
import type { CourseLayout } from '../../src/lessons/course-layout.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { makeCourse, type TempLesson } from './temp-course.js';

describe('checkLessonContent', () => {
  let layout: CourseLayout;
  afterEach(() => rmSync(layout.root, { recursive: true, force: true }));
  const check = (lesson: TempLesson) => {
    layout = makeCourse([lesson]);
    return checkLessonContent(layout, listLessonFolders(layout.lessonsDir)[0]!);
  };

  it('finds nothing wrong with a complete lesson', () => {
    expect(check({ name: '01-ok' })).toEqual({ problems: [], has: { starter: true, solution: true, check: true } });
  });

  it('reports every missing file at once', () => {
    const result = check({ name: '01-empty', readme: null, meta: null, starter: null, checkSource: null, solution: null });
    expect(result.problems).toEqual([
      { where: 'lessons/01-empty/lesson.json', message: 'missing' },
      { where: 'lessons/01-empty/README.md', message: 'missing' },
      { where: 'lessons/01-empty/starter.js', message: 'missing: the starter file' },
      { where: 'solutions/01-empty.js', message: 'missing: the reference solution' },
      { where: 'lessons/01-empty/check.ts', message: 'missing: the check (check.ts)' },
    ]);
    expect(result.has).toEqual({ starter: false, solution: false, check: false });
  });

  it('reports every schema problem of lesson.json, and JSON that does not parse', () => {
    const meta = JSON.stringify({ seed: '', summary: 'x'.repeat(81), run: { args: [], stdin: null, env: {}, until: 'never' }, extra: 1 });
    const problems = check({ name: '01-meta', meta }).problems.map((problem) => problem.message);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^seed: /), expect.stringMatching(/^summary: /), expect.stringMatching(/^run\.until: /), expect.stringMatching(/extra/)]));
    expect(problems).toHaveLength(4);
    rmSync(layout.root, { recursive: true, force: true });
    expect(check({ name: '01-json', meta: '{ "seed": ' }).problems).toEqual([{ where: 'lessons/01-json/lesson.json', message: expect.stringMatching(/^not valid JSON: /) }]);
  });

  it('reports instructions without a title, text or hints, and a hint without text', () => {
    expect(check({ name: '01-bare', readme: 'Some text without a title.\n' }).problems.map((problem) => problem.message)).toEqual([
      'no title: the first heading must be "# Title"',
      'no hints: end the text with "## Hints" and at least one "### " hint',
    ]);
    rmSync(layout.root, { recursive: true, force: true });
    expect(check({ name: '01-thin', readme: '# Title\n\n## Hints\n\n### Empty hint\n' }).problems.map((problem) => problem.message)).toEqual([
      'no instructions between the title and "## Hints"',
      'hint "Empty hint" needs a title and some text',
    ]);
  });
});
