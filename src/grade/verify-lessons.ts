// grade's entry inside a student's sandbox: verifies that student's lessons one after another, as `verify`
// does, and prints each result as one JSON line ({"index", "result"}) as soon as it is known. One process
// for all of a student's lessons, so the sandbox costs one node start per student, not per lesson.
import { runCheck } from '../checks/run-check.js';
import { killAllGroupsNow } from '../engine/terminate/live-groups.js';
import { listLessonFolders } from '../lessons/lesson-folders.js';
import { requireCheck } from '../lessons/load-check.js';
import { sandboxJobsSchema } from './sandbox-jobs.js';

const jobs = sandboxJobsSchema.parse(JSON.parse(process.argv[2] ?? '[]'));
const folders = new Map(listLessonFolders().map((folder) => [folder.id, folder]));
const controller = new AbortController();
// The grader ends the sandbox by killing it; a polite SIGTERM still stops the student's programs first.
process.once('SIGTERM', () => {
  controller.abort();
  killAllGroupsNow();
});
for (const [index, job] of jobs.entries()) {
  if (controller.signal.aborted) break;
  const folder = folders.get(job.lesson);
  if (!folder) throw new Error(`no lesson ${job.lesson}`);
  const result = await runCheck(await requireCheck(folder), { lesson: job.lesson, title: job.title, file: job.file, cwd: job.cwd, signal: controller.signal });
  process.stdout.write(`${JSON.stringify({ index, result })}\n`);
}
