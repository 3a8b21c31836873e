import { existsSync } from 'node:fs';
import path from 'node:path';
import { SCAFFOLD_MARK, scaffoldLesson, slugProblem } from '../../authoring/scaffold-lesson.js';
import { packageCourse } from '../../lessons/course-layout.js';
import { expectOptions } from '../command-options.js';
import type { CommandLine } from '../parse-command-line.js';
import { UsageError } from '../usage-error.js';

// new-lesson <slug>: an author's start on the course's next lesson; prints what is left to write.
export async function newLesson(line: CommandLine): Promise<number> {
  expectOptions(line, { max: 1, options: ['instructor'] });
  const slug = line.positionals[0];
  if (slug === undefined) throw new UsageError('new-lesson needs the new lesson\'s slug: new-lesson <slug>, e.g. new-lesson job-queues');
  const layout = packageCourse;
  // The check it writes imports the workshop's source, which an installed package does not ship.
  if (!existsSync(path.join(layout.root, 'src', 'checks', 'index.ts'))) {
    throw new UsageError(`new-lesson writes into the workshop's source, and ${layout.root} is an installed copy: run it in a clone of the repository`);
  }
  const problem = slugProblem(layout, slug);
  if (problem) throw new UsageError(`new-lesson: ${problem}`);
  let lesson;
  try {
    lesson = scaffoldLesson(layout, slug);
  } catch (error) {
    throw new UsageError(`new-lesson: ${(error as Error).message}`);
  }
  const rows = lesson.files.map(({ file, fill }) => ({ file: path.relative(layout.root, file), fill }));
  const width = Math.max(...rows.map((row) => row.file.length)) + 2;
  process.stdout.write(
    `Created lesson ${lesson.folder.number}, ${lesson.folder.name}. Write what each ${SCAFFOLD_MARK} marks:\n` +
      rows.map((row) => `  ${row.file.padEnd(width)}${row.fill}\n`).join('') +
      `\nThen say what the program must do and what its check tries in lessons/CONTRACT.md, and run:\n` +
      `  npm run build && node dist/src/cli/bin.js check     (it lists every ${SCAFFOLD_MARK} left)\n` +
      `  npx vitest run ${path.relative(layout.root, lesson.files.find((entry) => entry.file.endsWith('.test.ts'))!.file)}\n`,
  );
  return 0;
}
