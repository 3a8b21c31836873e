// grade's entry inside a student's sandbox: verifies that student's lessons one after another, as `verify`
// does, and writes each result as one JSON line ({"index", "result"}) to its results channel (see
// results-fd.ts) as soon as it is known. One process for all of a student's lessons, so the sandbox
// costs one node start per student, not per lesson.
// Started as `<loader> <node> verify-lessons.js <jobs> [<results fd>]` (see verifier-loader.ts): its execPath is then the
// loader, so node's own path is put back before anything starts a program.
import { runCheck } from '../checks/run-check.js';
import { listLessonFolders } from '../lessons/lesson-folders.js';
import { requireCheck } from '../lessons/load-check.js';
import { setDefaultMemoryLimitMb } from '../engine/limits/memory-watch.js';
import { claimSandboxNamespace, endSandboxOrphans } from '../engine/owner/sandbox-orphans.js';
import { sandboxJobsSchema } from './sandbox-jobs.js';
import { VERIFIER_LOADER } from './verifier-loader.js';
import { takeResultsChannel, writeAll } from './results-fd.js';

const results = takeResultsChannel(process.argv[3] === undefined ? undefined : Number(process.argv[3]));
if (process.execPath === VERIFIER_LOADER) process.execPath = process.argv0;
// The sandbox's watch, outside, holds all of the student's processes to grade's limit (--memory raises it):
// the engine's own per-program limit would only race it with a lower bound.
setDefaultMemoryLimitMb(Infinity);
// Every process of the student's that leaves the verifier's tree is ended with its run, and what is left
// with its lesson: nothing of one lesson lives into the next.
claimSandboxNamespace();
const jobs = sandboxJobsSchema.parse(JSON.parse(process.argv[2] ?? '[]'));
if (jobs.length > 0 && results === undefined) throw new Error('no results channel');
const folders = new Map(listLessonFolders().map((folder) => [folder.id, folder]));
// No signal handler: the grader ends the sandbox by killing it (the pid namespace takes every program
// with it), so any signal that reaches the verifier came from a student's program and ends it, visibly.
// SIGUSR1 would open node's inspector to them instead: it ends the verifier as its default would.
process.on('SIGUSR1', () => process.exit(128 + 10));
for (const [index, job] of jobs.entries()) {
  const folder = folders.get(job.lesson);
  if (!folder) throw new Error(`no lesson ${job.lesson}`);
  const result = await runCheck(await requireCheck(folder), { lesson: job.lesson, title: job.title, file: job.file, cwd: job.cwd });
  await endSandboxOrphans();
  writeAll(results!, `${JSON.stringify({ index, result })}\n`);
}
