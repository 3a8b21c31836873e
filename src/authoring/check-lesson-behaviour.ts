import path from 'node:path';
import type { Check } from '../checks/define-check.js';
import { runCheck } from '../checks/run-check.js';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import type { AuthoringProblem } from './authoring-problem.js';
import { lessonPaths, type CourseLayout } from '../lessons/course-layout.js';
import { summarizeRun, type RunSummary } from './run-summary.js';
import { loadLesson } from '../lessons/load-lesson.js';

// The step count lesson.json states, if any (a broken lesson.json is reported by the content check).
function statedStepCount(folder: LessonFolder): number | undefined {
  try {
    return loadLesson(folder).meta.steps;
  } catch {
    return undefined;
  }
}

// What the check made of the starter and of the reference solution, and what is wrong with that.
export interface LessonBehaviour {
  starter: RunSummary;
  solution: RunSummary;
  problems: AuthoringProblem[];
}

// Runs the lesson's check on its starter (which must fail, cleanly) and on its reference solution (which must pass).
export async function checkLessonBehaviour(layout: CourseLayout, folder: LessonFolder, check: Check, title: string, signal?: AbortSignal): Promise<LessonBehaviour> {
  const { starter: starterFile, solution: solutionFile } = lessonPaths(folder, layout);
  let solutionSteps = 0;
  const verify = async (file: string) => {
    const result = await runCheck(check, { lesson: folder.id, title, file, cwd: path.dirname(file), signal });
    if (file === solutionFile) solutionSteps = result.steps.length;
    return summarizeRun(result);
  };
  const starter = await verify(starterFile);
  const solution = await verify(solutionFile);
  const problems: AuthoringProblem[] = [];
  const starterAt = path.relative(layout.root, starterFile);
  const solutionAt = path.relative(layout.root, solutionFile);
  if (starter.error) problems.push({ where: starterAt, message: `the check could not finish on the starter: ${starter.error}` });
  else if (starter.passed) problems.push({ where: starterAt, message: 'the starter passes the check; it must fail until the learner writes the program' });
  if (solution.error) problems.push({ where: solutionAt, message: `the check could not finish on the reference solution: ${solution.error}` });
  else if (!solution.passed) problems.push({ where: solutionAt, message: `the reference solution fails step "${solution.failedStep}": ${solution.message ?? '(no message)'}` });
  // lesson.json's "steps" is what a failure is counted against ("stopped at step 3 of 8"): the steps the
  // reference solution goes through where the check sees everything (Linux's /proc; elsewhere notes differ).
  const stated = statedStepCount(folder);
  if (solution.passed && stated !== undefined && stated !== solutionSteps && process.platform === 'linux') {
    problems.push({ where: path.relative(layout.root, lessonPaths(folder, layout).meta), message: `"steps" is ${stated}, but the check has ${solutionSteps} steps on the reference solution: set "steps": ${solutionSteps}` });
  }
  return { starter, solution, problems };
}
