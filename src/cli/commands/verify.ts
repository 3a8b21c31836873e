import { runCheck } from '../../checks/run-check.js';
import { onInterrupt, signalExitCode, type InterruptSignal } from '../../engine/terminate/interrupts.js';
import { lessonPaths } from '../../lessons/course-layout.js';
import { requireCheck } from '../../lessons/load-check.js';
import { readLessonTitle } from '../../lessons/lesson-title.js';
import { formatResult } from '../../results/format-result.js';
import { colorsEnabled, painter } from '../../terminal/colors.js';
import { findWorkspace } from '../../workspace/find-workspace.js';
import type { CommandLine } from '../parse-command-line.js';
import { resolveLearnerFile, checkReadable } from '../resolve-file.js';
import { resolveLesson } from '../resolve-lesson.js';
import { expectOptions } from '../command-options.js';
import { inGitHubActions, reportToGitHub } from '../github-actions.js';
import path from 'node:path';

/** The exit code of a verification that could not run because the machine lacks something (Redis). */
export const NEEDS_EXIT_CODE = 3;

// verify <lesson> [file] [--json] [--solution]: runs the lesson's check; exit 0 passed, 1 failed,
// 3 when the machine lacks something the lesson needs (Redis), so the check could not run.
export async function verify(line: CommandLine): Promise<number> {
  const options = expectOptions(line, { max: 2, options: ['json', 'solution', 'instructor'] });
  const lesson = await resolveLesson(line.positionals[0]);
  const file = options.solution
    ? checkReadable(lessonPaths(lesson).solution, `the reference solution of ${lesson.id}`)
    : resolveLearnerFile(lesson, line.positionals[1]);
  const check = await requireCheck(lesson);
  const controller = new AbortController();
  // Ctrl-C, a kill or a closed terminal: every program is stopped, the check ends cancelled, exit 128 + n.
  let interrupted: InterruptSignal | undefined;
  const offInterrupt = onInterrupt((signal) => {
    interrupted = signal;
    controller.abort();
  });
  const result = await runCheck(check, { lesson: lesson.id, title: readLessonTitle(lesson), file, cwd: path.dirname(file), signal: controller.signal });
  offInterrupt();
  let warning: string | undefined;
  const workspace = options.solution ? undefined : findWorkspace();
  // Loaded only now: zod and the atomic writer are not needed before the learner's program runs.
  if (result.passed && workspace) warning = (await import('../../workspace/progress-store.js')).markPassed(workspace, lesson.id).warning;
  if (warning) process.stderr.write(`scaling-node-workshop: ${warning}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${formatResult(result, painter(colorsEnabled()))}\n`);
  if (inGitHubActions()) {
    const { verifyAnnotations, verifySummary } = await import('../../results/verify-github.js');
    reportToGitHub({ annotations: verifyAnnotations(result), summary: verifySummary(result), stdoutIsReport: options.json === true });
  }
  if (interrupted) return signalExitCode(interrupted);
  if (result.needs) return NEEDS_EXIT_CODE;
  return result.passed ? 0 : 1;
}
