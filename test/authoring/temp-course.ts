import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { courseLayout, type CourseLayout } from '../../src/lessons/course-layout.js';

/** A lesson's README with a title, the idea, every required section, and one hint. */
export const goodReadme =
  '# Say ok\n\nA program says ok.\n\n## Your program\n\nPrint `ok` and exit with code 0.\n\n## Try it\n\nRun it.\n\n## Read more\n\n- [`console.log()`](https://nodejs.org/api/console.html#consolelogdata-args)\n\n## Hints\n\n### console.log\n\nIt prints a line.\n';
export const goodMeta = JSON.stringify({ seed: '1 Node', summary: 'Print ok', run: { args: [], stdin: null, env: {}, until: 'exit' } });
/** A compiled check, as the build would emit it: the program must print "ok" and exit 0. */
export const okCheck = `export default async (t) => {
  await t.step('prints ok and exits with code 0', async () => {
    const program = t.start();
    await t.expectExit(program, 0);
    t.expectLines(program, 'stdout', ['ok']);
  });
};
`;

// What one lesson of a test course holds; null leaves a file out.
export interface TempLesson {
  name: string;
  readme?: string | null;
  meta?: string | null;
  starter?: string | null;
  checkSource?: string | null;
  compiledCheck?: string | null;
  solution?: string | null;
}

// Writes a course (lessons/, solutions/, dist/lessons/) in a fresh folder; every file is a good one unless set.
export function makeCourse(lessons: TempLesson[]): CourseLayout {
  const layout = courseLayout(mkdtempSync(path.join(tmpdir(), 'snw-test-course-')));
  mkdirSync(layout.solutionsDir, { recursive: true });
  mkdirSync(layout.lessonsDir, { recursive: true });
  for (const lesson of lessons) {
    const dir = path.join(layout.lessonsDir, lesson.name);
    mkdirSync(dir, { recursive: true });
    const write = (file: string, text: string | null | undefined, fallback: string) => {
      const content = text === undefined ? fallback : text;
      if (content !== null) writeFileSync(file, content);
    };
    write(path.join(dir, 'README.md'), lesson.readme, goodReadme);
    write(path.join(dir, 'lesson.json'), lesson.meta, goodMeta);
    write(path.join(dir, 'starter.js'), lesson.starter, '// Your code here.\n');
    write(path.join(dir, 'check.ts'), lesson.checkSource, '// the check source\n');
    write(path.join(layout.solutionsDir, `${lesson.name}.js`), lesson.solution, "console.log('ok');\n");
    if (lesson.compiledCheck !== null) {
      const compiled = path.join(layout.compiledChecksDir, lesson.name, 'check.js');
      mkdirSync(path.dirname(compiled), { recursive: true });
      writeFileSync(compiled, lesson.compiledCheck ?? okCheck);
      // Built after its source, as a build leaves it.
      const later = new Date(Date.now() + 60_000);
      utimesSync(compiled, later, later);
    }
  }
  return layout;
}
