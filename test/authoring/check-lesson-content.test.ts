import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLessonContent } from '../../src/authoring/check-lesson-content.js';
import type { CourseLayout } from '../../src/lessons/course-layout.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { goodMeta, goodReadme, makeCourse, type TempLesson } from './temp-course.js';

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
      'no "## Your program": every lesson\'s text has "## Your program", "## Try it", "## Read more", in that order',
      'no "## Try it": every lesson\'s text has "## Your program", "## Try it", "## Read more", in that order',
      expect.stringMatching(/^no "## Read more"/),
    ]);
    rmSync(layout.root, { recursive: true, force: true });
    expect(check({ name: '01-thin', readme: '# Title\n\n## Hints\n\n### Empty hint\n' }).problems.map((problem) => problem.message)).toEqual([
      'no instructions between the title and "## Hints"',
      'hint "Empty hint" needs a title and some text',
    ]);
  });

  it('reports a required section that is missing or out of order', () => {
    const text = (sections: string) => `# Title\n\nThe idea.\n\n${sections}\n\n## Read more\n\n- [Exit codes](https://nodejs.org/api/process.html#exit-codes)\n\n## Hints\n\n### A hint\n\nTry this.\n`;
    expect(check({ name: '01-no-program', readme: text('## Try it\n\nRun it.') }).problems.map((problem) => problem.message)).toEqual([
      'no "## Your program": every lesson\'s text has "## Your program", "## Try it", "## Read more", in that order',
    ]);
    rmSync(layout.root, { recursive: true, force: true });
    expect(check({ name: '01-no-try', readme: text('## Your program\n\nDo it.') }).problems.map((problem) => problem.message)).toEqual([
      'no "## Try it": every lesson\'s text has "## Your program", "## Try it", "## Read more", in that order',
    ]);
    rmSync(layout.root, { recursive: true, force: true });
    expect(check({ name: '01-swapped', readme: text('## Try it\n\nRun it.\n\n## Your program\n\nDo it.') }).problems.map((problem) => problem.message)).toEqual([
      '"## Try it" comes out of order: "## Your program", "## Try it", "## Read more"',
    ]);
  });

  it('reports every file that still holds what new-lesson marked for the author to write', () => {
    const result = check({ name: '01-draft', readme: goodReadme.replace('# Say ok', '# ✎ Title').replace('Run it.', '✎ What the check tries.'), meta: goodMeta.replace('Print ok', '✎ one line'), solution: '// ✎ The reference solution.\n' });
    expect(result.problems).toEqual([
      { where: 'lessons/01-draft/lesson.json', message: '1 line marked ✎ by new-lesson: write what it asks for' },
      { where: 'lessons/01-draft/README.md', message: '2 lines marked ✎ by new-lesson: write what they ask for' },
      { where: 'solutions/01-draft.js', message: '1 line marked ✎ by new-lesson: write what it asks for' },
    ]);
  });

  describe('in a clone of the repository, the lesson\'s tests', () => {
    const withTests = (files: Record<string, string>) => {
      const lesson = { name: '01-tested' };
      layout = makeCourse([lesson]);
      mkdirSync(layout.lessonTestsDir, { recursive: true });
      for (const [name, text] of Object.entries(files)) {
        const file = path.join(layout.root, name);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
      return checkLessonContent(layout, listLessonFolders(layout.lessonsDir)[0]!).problems;
    };

    it('are required: a test file and at least one fixture program', () => {
      expect(withTests({})).toEqual([
        { where: 'test/lessons/01-tested.test.ts', message: "missing: the lesson's tests (the solution passes, each fixture gets its message)" },
        { where: 'test/fixtures/lessons/01-tested', message: 'missing: fixture programs, at least a wrong one, named for what it does (exits-1.js)' },
      ]);
    });

    it('may be named for their group, and a test of another lesson does not count', () => {
      expect(withTests({ 'test/lessons/cluster-01-tested.test.ts': '', 'test/fixtures/lessons/01-tested/exits-1.js': 'process.exit(1);\n' })).toEqual([]);
      rmSync(layout.root, { recursive: true, force: true });
      expect(withTests({ 'test/lessons/01-tested-more.test.ts': '', 'test/lessons/101-tested.test.ts': '', 'test/fixtures/lessons/01-tested/exits-1.js': '' })).toEqual([
        expect.objectContaining({ where: 'test/lessons/01-tested.test.ts' }),
      ]);
    });

    it('are not asked of the published package, which ships none', () => {
      layout = makeCourse([{ name: '01-packaged' }]);
      expect(existsSync(layout.lessonTestsDir)).toBe(false);
      expect(checkLessonContent(layout, listLessonFolders(layout.lessonsDir)[0]!).problems).toEqual([]);
    });
  });

  describe('"## Read more", the links that end the text', () => {
    const readme = (text: string, hints = '### A hint\n\nTry this.\n') => `# Title\n\nThe idea.\n\n## Your program\n\nDo it.\n\n## Try it\n\nRun it.\n\n${text}\n\n## Hints\n\n${hints}`;
    const problems = (text: string, hints?: string) => {
      const found = check({ name: '01-links', readme: readme(text, hints) }).problems;
      rmSync(layout.root, { recursive: true, force: true });
      return found.map((problem) => problem.message);
    };
    const link = '- [`process.argv`](https://nodejs.org/api/process.html#processargv)';

    it('accepts links one per line, each with a few words after it or not, and a link elsewhere than nodejs.org', () => {
      expect(problems(`## Read more\n\n${link}: the arguments\n- [parseArgs](https://nodejs.org/api/util.html#utilparseargsconfig)\n- [INCR](https://redis.io/docs/latest/commands/incr/)`)).toEqual([]);
    });

    it('is required in every lesson', () => {
      expect(problems('## Your program\n\nPrint it.')).toEqual([expect.stringMatching(/^no "## Read more": end the text, just before "## Hints", with links/)]);
    });

    it('must be the last section of the text', () => {
      expect(problems(`## Read more\n\n${link}\n\n## Try it\n\nRun it.`)).toEqual(['"## Read more" must be the last section of the text, just before "## Hints"']);
    });

    it('lists links only, to sections of the Node documentation rather than whole pages', () => {
      expect(problems(`## Read more\n\nSee the docs.\n${link}\n- [process](https://nodejs.org/api/process.html)`)).toEqual([
        '"## Read more" lists links only, one "- [title](https://...)" per line, not "See the docs."',
        '"## Read more" links to the page https://nodejs.org/api/process.html: link to the section the lesson uses (its #anchor)',
      ]);
      expect(problems('## Read more\n')).toEqual(['"## Read more" lists no links']);
    });

    it('reports a "## Read more" put after the hints, where it would become part of the last hint', () => {
      expect(problems('## Try it\n\nRun it.', `### A hint\n\nTry this.\n\n## Read more\n\n${link}\n`)).toEqual([
        'hint "A hint" holds a "## " heading, which makes that section part of the hint: put it before "## Hints"',
        expect.stringMatching(/^no "## Read more"/),
      ]);
    });

    it('does not take a "## " line in a code block for a heading', () => {
      expect(problems(`## Read more\n\n${link}`, '### A hint\n\n```sh\n## a comment\n```\n')).toEqual([]);
      expect(problems(`\`\`\`sh\n## Read more\n\`\`\``)).toEqual([expect.stringMatching(/^no "## Read more"/)]);
    });
  });
});
