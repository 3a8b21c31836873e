import { loadLesson } from '../../lessons/load-lesson.js';
import { listLessonFolders } from '../../lessons/lesson-folders.js';
import { colorsEnabled, painter } from '../../terminal/colors.js';
import { findWorkspace } from '../../workspace/find-workspace.js';
import { hasPassed, readProgress } from '../../workspace/progress-store.js';
import { emptyProgress } from '../../workspace/progress-schema.js';
import type { CommandLine } from '../parse-command-line.js';
import { expectOptions } from '../command-options.js';

// list [--json]: every lesson with its title and whether it is passed in this workspace.
export async function list(line: CommandLine): Promise<number> {
  const options = expectOptions(line, { max: 0, options: ['json', 'instructor'] });
  const workspace = findWorkspace();
  const loaded = workspace ? readProgress(workspace) : { progress: emptyProgress() };
  if ('warning' in loaded && loaded.warning) process.stderr.write(`scaling-node-workshop: ${loaded.warning}\n`);
  const lessons = listLessonFolders().map((folder) => {
    const lesson = loadLesson(folder);
    return { id: lesson.id, number: lesson.number, slug: lesson.slug, title: lesson.title, summary: lesson.meta.summary, passed: hasPassed(loaded.progress, lesson.id) };
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ workspace: workspace ?? null, lessons }, null, 2)}\n`);
    return 0;
  }
  const paint = painter(colorsEnabled());
  const done = lessons.filter((lesson) => lesson.passed).length;
  process.stdout.write(`${paint.bold('Scaling Node')}  ${done}/${lessons.length} passed\n`);
  for (const lesson of lessons) {
    const mark = lesson.passed ? paint.green('✓') : paint.dim('·');
    process.stdout.write(`${mark} ${String(lesson.number).padStart(2)}  ${lesson.title.padEnd(28)} ${paint.dim(lesson.summary)}\n`);
  }
  return 0;
}
