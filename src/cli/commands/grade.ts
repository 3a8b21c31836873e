import { tmpdir } from 'node:os';
import { exitOnSignals } from '../../engine/terminate/exit-on-signals.js';
import { ClassFolderError } from '../../grade/class-folder-error.js';
import { parseConcurrency } from '../../grade/concurrency-option.js';
import { findStudents } from '../../grade/find-students.js';
import { formatGradeTable } from '../../grade/format-grade-table.js';
import { DEFAULT_GRADE_CONCURRENCY, gradeClass } from '../../grade/grade-class.js';
import { GradeProgress } from '../../grade/progress-bar.js';
import { removeAllTempFoldersNow } from '../../engine/temp-folders.js';
import { whySandboxUnavailable } from '../../grade/verify-in-sandbox.js';
import { whyNotWritable } from '../../grade/writable-path.js';
import { writeJunit } from '../../grade/write-junit.js';
import { listLessonFolders } from '../../lessons/lesson-folders.js';
import { colorsEnabled, painter } from '../../terminal/colors.js';
import { expectOptions } from '../command-options.js';
import type { CommandLine } from '../parse-command-line.js';
import { UsageError } from '../usage-error.js';

// grade <dir> [--json] [--junit <file>] [--concurrency N] [--sandbox | --no-sandbox]: verifies every
// student's every lesson. Exit 0 once grading ran, whatever the students scored; 2 for a usage error.
export async function grade(line: CommandLine): Promise<number> {
  const options = expectOptions(line, { max: 1, options: ['json', 'junit', 'concurrency', 'sandbox', 'no-sandbox', 'instructor'] });
  if (options.sandbox && options['no-sandbox']) throw new UsageError('--sandbox and --no-sandbox contradict each other; give one');
  const classDir = line.positionals[0];
  if (!classDir) throw new UsageError('name the class folder: grade <dir> (one folder per student, holding files named like 06-signals.js)');
  const concurrency = options.concurrency === undefined ? DEFAULT_GRADE_CONCURRENCY : parseConcurrency(String(options.concurrency));
  if (concurrency === undefined) throw new UsageError(`--concurrency must be a whole number of at least 1, not "${options.concurrency}"`);
  const junit = options.junit === undefined ? undefined : String(options.junit);
  if (junit !== undefined) {
    const problem = junit === '' ? 'no file named' : whyNotWritable(junit);
    if (problem) throw new UsageError(`--junit: ${problem}`);
  }
  let students;
  try {
    students = findStudents(classDir);
  } catch (error) {
    if (error instanceof ClassFolderError) throw new UsageError(error.message);
    throw error;
  }

  const progress = new GradeProgress();
  // Ctrl-C: every student's process group is killed and every run folder removed before exiting.
  exitOnSignals(() => {
    progress.finish();
    removeAllTempFoldersNow();
    process.stderr.write('scaling-node-workshop: grading interrupted; every program it started has been stopped\n');
  });
  const sandbox = await chooseSandbox(options.sandbox ? 'required' : options['no-sandbox'] ? 'off' : 'auto');
  const lessonCount = listLessonFolders().length;
  const report = await gradeClass({
    classDir,
    concurrency,
    sandbox,
    onStart: (total) => progress.start(students.length, lessonCount, total, concurrency),
    onGraded: (event) => {
      const studentLine = event.studentDone && `${event.student}: ${event.studentDone.passed}/${event.studentDone.lessons} passed`;
      progress.graded(event.done, `${event.student} ${event.grade.id}`, studentLine);
    },
  });
  progress.finish();
  process.stderr.write(`Graded in ${(report.durationMs / 1000).toFixed(1)} s\n`);

  if (junit !== undefined) {
    try {
      writeJunit(report, junit);
    } catch (error) {
      process.stderr.write(`scaling-node-workshop: cannot write ${junit} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      return 1;
    }
  }
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${formatGradeTable(report, painter(colorsEnabled()))}\n`);
  return 0;
}

// Whether to sandbox each run: --no-sandbox never, --sandbox always (unavailable is a usage error),
// by default whenever bubblewrap works here, saying in one line when it does not and why.
async function chooseSandbox(mode: 'auto' | 'required' | 'off'): Promise<boolean> {
  if (mode === 'off') return false;
  const why = await whySandboxUnavailable(tmpdir());
  if (why === undefined) return true;
  if (mode === 'required') throw new UsageError(`--sandbox: ${why}`);
  process.stderr.write(`scaling-node-workshop: grading without a sandbox (${why}); each program still gets its own folder and a cut-down environment\n`);
  return false;
}
