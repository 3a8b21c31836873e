import { runCheck } from '../../checks/run-check.js';
import { onInterrupt, signalExitCode, type InterruptSignal } from '../../engine/terminate/interrupts.js';
import { lessonPaths } from '../../lessons/course-layout.js';
import { requireCheck } from '../../lessons/load-check.js';
import { readLessonTitle } from '../../lessons/lesson-title.js';
import { readStepCount } from '../../lessons/step-count.js';
import { formatResult } from '../../results/format-result.js';
import { colorsEnabled, painter } from '../../terminal/colors.js';
import { findWorkspace } from '../../workspace/find-workspace.js';
import type { CommandLine } from '../parse-command-line.js';
import { resolveLearnerFile, checkReadable } from '../resolve-file.js';
import { resolveLesson } from '../resolve-lesson.js';
import { expectOptions } from '../command-options.js';
import { inGitHubActions, reportToGitHub } from '../github-actions.js';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { LessonFolder } from '../../lessons/lesson-folders.js';
import { findLearnerFile } from '../../workspace/learner-file.js';

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
  // A failure is counted against all the check's steps ("stopped at step 3 of 8").
  const stepCount = result.passed ? undefined : readStepCount(lesson);
  if (stepCount !== undefined) result.stepCount = stepCount;
  const paint = painter(colorsEnabled());
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${formatResult(result, paint)}\n`);
  const workspace = options.solution ? undefined : findWorkspace();
  // Progress is the workspace's own file's: another file that passes says so, and records nothing.
  const ownFile = workspace ? workspaceFileOf(workspace, lesson) : undefined;
  const isOwnFile = ownFile !== undefined && samePath(ownFile, file);
  // The pass is recorded after the verdict is out, and the progress store (zod, the atomic writer) is
  // loaded only then: nothing the verdict needs waits for it.
  if (result.passed && workspace && isOwnFile) {
    const { warning } = (await import('../../workspace/progress-store.js')).markPassed(workspace, lesson.id);
    if (warning) process.stderr.write(`scaling-node-workshop: ${warning}\n`);
  }
  if (result.passed && workspace && !isOwnFile && !options.json) {
    const own = path.relative(process.cwd(), ownFile ?? path.join(workspace, `${lesson.name}.js`));
    process.stdout.write(`${paint.yellow(`${path.relative(process.cwd(), file) || file} passed; your progress is unchanged: it records ${lesson.id} once the workspace's own ${own} passes.`)}\n`);
  }
  if (inGitHubActions()) {
    const { verifyAnnotations, verifySummary } = await import('../../results/verify-github.js');
    reportToGitHub({ annotations: verifyAnnotations(result), summary: verifySummary(result), stdoutIsReport: options.json === true });
  }
  if (interrupted) return signalExitCode(interrupted);
  if (result.needs) return NEEDS_EXIT_CODE;
  return result.passed ? 0 : 1;
}

// The workspace's file for the lesson, when there is exactly one.
function workspaceFileOf(workspace: string, lesson: LessonFolder): string | undefined {
  const found = findLearnerFile(workspace, lesson);
  return 'file' in found ? found.file : undefined;
}

// Whether two paths name the same file (through links and `..` alike).
function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}
