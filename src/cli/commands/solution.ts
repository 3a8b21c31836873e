import { readFileSync } from 'node:fs';
import { loadLesson } from '../../lessons/load-lesson.js';
import { findWorkspace } from '../../workspace/find-workspace.js';
import { hasPassed, readProgress } from '../../workspace/progress-store.js';
import type { CommandLine } from '../parse-command-line.js';
import { expectOptions } from '../command-options.js';
import { resolveLesson } from '../resolve-lesson.js';
import { workshopCommand } from '../../terminal/workshop-command.js';

// solution <lesson>: the reference solution, once the learner has passed the lesson (or with --instructor).
export async function solution(line: CommandLine): Promise<number> {
  const options = expectOptions(line, { max: 1, options: ['instructor'] });
  const lesson = loadLesson(await resolveLesson(line.positionals[0]));
  if (!options.instructor) {
    const workspace = findWorkspace();
    const passed = workspace !== undefined && hasPassed(readProgress(workspace).progress, lesson.id);
    if (!passed) {
      process.stderr.write(`scaling-node-workshop: the solution of ${lesson.id} opens once you pass it (${workshopCommand()} verify ${lesson.number}); instructors use --instructor\n`);
      return 1;
    }
  }
  process.stdout.write(readFileSync(lesson.solutionFile, 'utf8'));
  return 0;
}
