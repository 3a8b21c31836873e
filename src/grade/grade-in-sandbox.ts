import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readyToRun, toGrade, unreadable, type GradeJob, type GradeRunOptions } from './grade-lesson.js';
import type { LessonGrade } from './grade-report-schema.js';
import type { SandboxJobs } from './sandbox-jobs.js';
import { handInProblem } from './student-file.js';
import { readSubmission } from './submission.js';
import { LIMITS_STEP } from './sandbox-limits.js';
import { makeTempFolder, removeTempFolder } from '../engine/owner/temp-folders.js';
import { scratchPrefix } from './leftover-scratch.js';
import { verifyInSandbox } from './verify-in-sandbox.js';

// Verifies one student's lessons in one bubblewrap sandbox: the verifier and the student's programs run
// inside together, one lesson after another, each lesson's copy in a folder of its own under the student's
// scratch folder, the only place they can write. Nothing the student's programs start outlives the sandbox;
// the scratch folder is removed afterwards. Each grade is reported as soon as it is known, and reported again
// as `tampered` when the student turns out to have reached the verifier.
export async function gradeStudentInSandbox(jobs: readonly GradeJob[], options: GradeRunOptions, onGraded: (index: number, grade: LessonGrade) => void): Promise<void> {
  const toRun: { index: number; job: GradeJob }[] = [];
  for (const [index, job] of jobs.entries()) {
    const ready = readyToRun(job, options.signal);
    if ('grade' in ready) onGraded(index, ready.grade);
    else toRun.push({ index, job });
  }
  if (toRun.length === 0) return;
  const scratchDir = makeTempFolder(options.tempRoot, scratchPrefix());
  try {
    const copies: SandboxJobs = [];
    const copied: { index: number; job: GradeJob }[] = [];
    for (const entry of toRun) {
      const cwd = path.join(scratchDir, entry.job.lesson.name);
      const file = path.join(cwd, path.basename(entry.job.file));
      const submission = readSubmission(entry.job.file);
      if ('problem' in submission) {
        onGraded(entry.index, handInProblem(entry.job.lesson, path.basename(entry.job.file), submission.problem));
        continue;
      }
      try {
        await mkdir(cwd);
        await writeFile(file, submission.content);
      } catch (error) {
        onGraded(entry.index, unreadable(entry.job, error));
        continue;
      }
      copies.push({ lesson: entry.job.lesson.id, title: entry.job.title, file, cwd });
      copied.push(entry);
    }
    if (copied.length === 0) return;
    const packages = copied[0]!.job.packages;
    const fileName = (at: number) => path.basename(copied[at]!.job.file);
    const graded = new Map<number, LessonGrade>();
    const end = await verifyInSandbox({
      jobs: copies,
      scratchDir,
      readOnly: packages ? [packages] : [],
      packages,
      env: options.env,
      signal: options.signal,
      budget: options.budget,
      limits: options.limits,
      onResult: (at, result, limit) => {
        const grade: LessonGrade = limit ? { id: result.lesson, status: 'failed', step: LIMITS_STEP, message: limit, file: fileName(at), durationMs: result.durationMs } : toGrade(result, fileName(at));
        graded.set(at, grade);
        // The last one waits for the sandbox's end, so the student is never shown done before it is trusted.
        if (at < copies.length - 1) onGraded(copied[at]!.index, grade);
      },
    });
    if (end.kind === 'tampered') {
      // Nothing of this student is trusted, the results already given included.
      for (const [at, entry] of copied.entries()) onGraded(entry.index, { id: entry.job.lesson.id, status: 'tampered', message: end.message, file: fileName(at) });
      return;
    }
    for (const [at, entry] of copied.entries()) {
      const given = graded.get(at);
      if (given !== undefined) {
        if (at === copies.length - 1) onGraded(entry.index, given);
        continue;
      }
      const base = { id: entry.job.lesson.id, file: fileName(at) };
      if (end.kind === 'timed out') onGraded(entry.index, { ...base, status: 'timed out', message: end.message });
      else onGraded(entry.index, { ...base, status: 'error', message: end.kind === 'problem' ? end.message : 'the sandboxed verifier gave no result' });
    }
  } finally {
    await removeTempFolder(scratchDir);
  }
}
