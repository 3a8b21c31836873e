import { loadLesson } from '../../lessons/load-lesson.js';
import { findWorkspace } from '../../workspace/find-workspace.js';
import { readProgress, updateLessonProgress } from '../../workspace/progress-store.js';
import type { CommandLine } from '../parse-command-line.js';
import { expectOptions } from '../command-options.js';
import { resolveLesson } from '../resolve-lesson.js';
import { adaptCommands, workshopCommand } from '../../terminal/workshop-command.js';

// hint <lesson>: the next hint each time (remembered in the workspace); --instructor shows them all.
export async function hint(line: CommandLine): Promise<number> {
  const options = expectOptions(line, { max: 1, options: ['instructor'] });
  const lesson = loadLesson(await resolveLesson(line.positionals[0]));
  const hints = lesson.hints;
  if (hints.length === 0) {
    process.stdout.write(`${lesson.id} has no hints.\n`);
    return 0;
  }
  const show = (index: number) => process.stdout.write(`Hint ${index + 1}/${hints.length}: ${hints[index]!.title}\n\n${adaptCommands(hints[index]!.text)}\n`);
  if (options.instructor) {
    hints.forEach((_, index) => {
      if (index > 0) process.stdout.write('\n');
      show(index);
    });
    return 0;
  }
  const workspace = findWorkspace();
  if (!workspace) {
    show(0);
    process.stdout.write(`\n(In a workspace, each call shows the next hint: ${workshopCommand()} init)\n`);
    return 0;
  }
  const seen = readProgress(workspace).progress.lessons[lesson.id]?.hintsShown ?? 0;
  const index = Math.min(seen, hints.length - 1);
  const { warning } = updateLessonProgress(workspace, lesson.id, (entry) => ({ ...entry, hintsShown: Math.max(entry.hintsShown, index + 1) }));
  if (warning) process.stderr.write(`scaling-node-workshop: ${warning}\n`);
  show(index);
  if (index === hints.length - 1) process.stdout.write('\nThat was the last hint.\n');
  return 0;
}
