import path from 'node:path';
import type { Check } from '../checks/define-check.js';
import { runCheck } from '../checks/run-check.js';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import type { AuthoringProblem } from './authoring-problem.js';
import { lessonPaths, type CourseLayout } from '../lessons/course-layout.js';
import { summarizeRun, type RunSummary } from './run-summary.js';

// What the check made of the starter and of the reference solution, and what is wrong with that.
export interface LessonBehaviour {
  starter: RunSummary;
  solution: RunSummary;
  problems: AuthoringProblem[];
}

// Runs the lesson's check on its starter (which must fail, cleanly) and on its reference solution (which must pass).
export async function checkLessonBehaviour(layout: CourseLayout, folder: LessonFolder, check: Check, title: string, signal?: AbortSignal): Promise<LessonBehaviour> {
  const { starter: starterFile, solution: solutionFile } = lessonPaths(folder, layout);
  const verify = async (file: string) => summarizeRun(await runCheck(check, { lesson: folder.id, title, file, cwd: path.dirname(file), signal }));
  const starter = await verify(starterFile);
  const solution = await verify(solutionFile);
  const problems: AuthoringProblem[] = [];
  const starterAt = path.relative(layout.root, starterFile);
  const solutionAt = path.relative(layout.root, solutionFile);
  if (starter.error) problems.push({ where: starterAt, message: `the check could not finish on the starter: ${starter.error}` });
  else if (starter.passed) problems.push({ where: starterAt, message: 'the starter passes the check; it must fail until the learner writes the program' });
  if (solution.error) problems.push({ where: solutionAt, message: `the check could not finish on the reference solution: ${solution.error}` });
  else if (!solution.passed) problems.push({ where: solutionAt, message: `the reference solution fails step "${solution.failedStep}": ${solution.message ?? '(no message)'}` });
  return { starter, solution, problems };
}
