import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Check } from '../checks/define-check.js';
import { runCheck } from '../checks/run-check.js';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import type { VerifyResult } from '../results/verify-result.js';
import { gradeEnv } from './grade-env.js';
import type { SandboxBudget } from './verify-in-sandbox.js';
import type { StudentLimits } from './sandbox-limits.js';
import type { LessonGrade } from './grade-report-schema.js';
import type { CheckProblem, LoadedCheck } from '../lessons/load-check.js';
import { linkPackages } from './student-packages.js';
import { handInProblem } from './student-file.js';
import { readSubmission } from './submission.js';
import { makeTempFolder, removeTempFolder } from '../engine/owner/temp-folders.js';
import { scratchPrefix } from './leftover-scratch.js';

// One verification to run: a student's file for a lesson, and the lesson's check.
export interface GradeJob {
  lesson: LessonFolder;
  title: string;
  file: string;
  /** The student's folder. */
  studentDir: string;
  /** The node_modules their program imports from (see studentPackages). */
  packages: string | undefined;
  check: LoadedCheck;
}

// Where and with what the run happens.
export interface GradeRunOptions {
  /** Where each run's own folder is made (default: the OS's temporary folder). */
  tempRoot: string;
  /** The environment the allowlisted variables are taken from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** In the sandbox: how long a lesson, and a student, may take before the sandbox is ended. */
  budget?: SandboxBudget;
  /** In the sandbox: what a student's programs may use (see SandboxWatch). */
  limits?: StudentLimits;
}

// Verifies one student's file without a sandbox, in what isolation there is: a copy in a fresh folder
// (its cwd, HOME and TMPDIR), an allowlisted environment, a free port per program (the check picks it),
// and the engine's timeouts and output caps. The folder is removed afterwards, whatever is in it.
export async function gradeLesson(job: GradeJob, options: GradeRunOptions): Promise<LessonGrade> {
  const { lesson } = job;
  const fileName = path.basename(job.file);
  const ready = readyToRun(job, options.signal);
  if ('grade' in ready) return ready.grade;
  const workDir = makeTempFolder(options.tempRoot, scratchPrefix());
  try {
    const copy = path.join(workDir, fileName);
    const submission = readSubmission(job.file);
    if ('problem' in submission) return handInProblem(lesson, fileName, submission.problem);
    try {
      await writeFile(copy, submission.content);
    } catch (error) {
      return unreadable(job, error);
    }
    linkPackages(workDir, job.packages);
    const result = await runCheck(ready.check, {
      lesson: lesson.id,
      title: job.title,
      file: copy,
      cwd: workDir,
      baseEnv: gradeEnv({ home: workDir, tmp: workDir }, options.env),
      signal: options.signal,
    });
    return toGrade(result, fileName);
  } catch (error) {
    return { id: lesson.id, status: 'error', message: `the workshop could not run the check: ${(error as Error).message}`, file: fileName };
  } finally {
    await removeTempFolder(workDir);
  }
}

// A verification's verdict as a grade: the first failing step's message for a failure.
export function toGrade(result: VerifyResult, file: string): LessonGrade {
  const base = { id: result.lesson, file, durationMs: result.durationMs };
  if (result.cancelled) return { ...base, status: 'error', message: 'grading was cancelled' };
  if (result.error) return { ...base, status: 'error', message: result.error };
  if (result.needs) return { ...base, status: 'needs', what: result.needs.what, message: `${result.needs.reason}; to get ${result.needs.what}: ${result.needs.howTo.join('; ')}` };
  if (result.passed) return { ...base, status: 'passed' };
  const step = result.steps.find((candidate) => !candidate.passed);
  return { ...base, status: 'failed', step: step?.title ?? '(no step)', message: step?.message || `step "${step?.title}" failed` };
}

// The check to run, or the grade of a job that needs no run: a lesson without a check, or grading already cancelled.
export function readyToRun(job: GradeJob, signal: AbortSignal | undefined): { check: Check } | { grade: LessonGrade } {
  const file = path.basename(job.file);
  if ('problem' in job.check) return { grade: { id: job.lesson.id, status: 'error', message: ungradable(job.lesson, job.check.problem), file } };
  if (signal?.aborted) return { grade: { id: job.lesson.id, status: 'error', message: 'grading was cancelled', file } };
  return job.check;
}

// The grade of a student's file that cannot be copied for the run.
export function unreadable(job: GradeJob, error: unknown): LessonGrade {
  const file = path.basename(job.file);
  return { id: job.lesson.id, status: 'error', message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, file };
}

// Why a lesson cannot be graded, for the report.
function ungradable(lesson: LessonFolder, problem: CheckProblem): string {
  if (problem.reason === 'missing') return `${lesson.id} has no compiled check (${problem.where}), so it cannot be graded`;
  return `${lesson.id} cannot be graded: ${problem.where}: ${problem.message}`;
}
