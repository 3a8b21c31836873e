import { loadLesson } from '../../lessons/load-lesson.js';
import { listLessonFolders } from '../../lessons/lesson-folders.js';
import { colorsEnabled, painter } from '../../terminal/colors.js';
import { findWorkspace } from '../../workspace/find-workspace.js';
import { unmetRequirements } from '../../lessons/requirements.js';
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
    const passed = hasPassed(loaded.progress, lesson.id);
    // What this machine lacks for the lesson (Redis): shown instead of "not passed", since it is not the learner's to fix in code.
    const needs = passed ? [] : unmetRequirements(lesson.meta.needs);
    return { id: lesson.id, number: lesson.number, slug: lesson.slug, title: lesson.title, summary: lesson.meta.summary, passed, needs };
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ workspace: workspace ?? null, lessons }, null, 2)}\n`);
    return 0;
  }
  const paint = painter(colorsEnabled());
  const done = lessons.filter((lesson) => lesson.passed).length;
  process.stdout.write(`${paint.bold('Scaling Node')}  ${done}/${lessons.length} passed\n`);
  for (const lesson of lessons) {
    const mark = lesson.passed ? paint.green('✓') : lesson.needs.length > 0 ? paint.yellow('?') : paint.dim('·');
    const needs = lesson.needs.length > 0 ? ` ${paint.yellow(`(needs ${lesson.needs.join(', ')}: see verify ${lesson.number})`)}` : '';
    process.stdout.write(`${mark} ${String(lesson.number).padStart(2)}  ${lesson.title.padEnd(28)} ${paint.dim(lesson.summary)}${needs}\n`);
  }
  return 0;
}
