import { setDefaultMemoryLimitMb } from '../../engine/limits/memory-watch.js';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { exitOnSignals } from '../../engine/terminate/exit-on-signals.js';
import { gradeAnnotations, gradeSummary } from '../../grade/grade-github.js';
import { ClassFolderError } from '../../grade/class-folder-error.js';
import { parseConcurrency } from '../../grade/concurrency-option.js';
import { findStudents } from '../../grade/find-students.js';
import { formatGradeTable } from '../../grade/format-grade-table.js';
import { DEFAULT_GRADE_CONCURRENCY, gradeClass } from '../../grade/grade-class.js';
import { gradeReportSchema, type GradeReport } from '../../grade/grade-report-schema.js';
import { mergeReports, MergeError } from '../../grade/merge-reports.js';
import { GradeProgress } from '../../grade/progress-bar.js';
import { parseShard } from '../../grade/shard.js';
import { DEFAULT_LIMITS } from '../../grade/sandbox-limits.js';
import { removeAllTempFoldersNow } from '../../engine/owner/temp-folders.js';
import { whySandboxUnavailable } from '../../grade/verify-in-sandbox.js';
import { bwrapDisablesUserns } from '../../grade/sandbox.js';
import { whyNotWritable } from '../../grade/writable-path.js';
import { writeJunit } from '../../grade/write-junit.js';
import { listLessonFolders } from '../../lessons/lesson-folders.js';
import { colorsEnabled, painter } from '../../terminal/colors.js';
import { printable } from '../../terminal/printable.js';
import { expectOptions } from '../command-options.js';
import type { CommandLine } from '../parse-command-line.js';
import { inGitHubActions, reportToGitHub } from '../github-actions.js';
import { UsageError } from '../usage-error.js';

// grade <dir> [--json] [--junit <file>] [--concurrency N] [--shard i/n] [--sandbox | --no-sandbox] [--memory MB]:
// verifies every student's every lesson (of one shard). grade merge <report.json>... [--json] [--junit <file>]:
// the shards' reports as one. Exit 0 once grading ran, whatever the students scored; 2 for a usage error.
export async function grade(line: CommandLine): Promise<number> {
  if (line.positionals[0] === 'merge') return merge(line);
  const options = expectOptions(line, { max: 1, options: ['json', 'junit', 'concurrency', 'shard', 'sandbox', 'no-sandbox', 'memory', 'instructor'] });
  if (options.sandbox && options['no-sandbox']) throw new UsageError('--sandbox and --no-sandbox contradict each other; give one');
  const classDir = line.positionals[0];
  if (!classDir) throw new UsageError('name the class folder: grade <dir> (one folder per student, holding files named like 06-signals.js)');
  const concurrency = options.concurrency === undefined ? DEFAULT_GRADE_CONCURRENCY : parseConcurrency(String(options.concurrency));
  if (concurrency === undefined) throw new UsageError(`--concurrency must be a whole number of at least 1, not "${options.concurrency}"`);
  const shard = options.shard === undefined ? undefined : parseShard(String(options.shard));
  if (options.shard !== undefined && shard === undefined) throw new UsageError(`--shard must be i/n, shard i of n counted from 1 (--shard 2/3), not "${options.shard}"`);
  const memoryMb = options.memory === undefined ? undefined : parseConcurrency(String(options.memory));
  if (options.memory !== undefined && (memoryMb === undefined || memoryMb < 64)) throw new UsageError(`--memory must be a whole number of megabytes, at least 64 (the default is 512), not "${options.memory}"`);
  // Without a sandbox, each program's own limit is the only one: --memory raises it (see setDefaultMemoryLimitMb).
  if (memoryMb !== undefined) setDefaultMemoryLimitMb(memoryMb);
  const junit = junitOption(options);
  try {
    findStudents(classDir);
  } catch (error) {
    if (error instanceof ClassFolderError) throw new UsageError(error.message);
    throw error;
  }

  const tempRoot = tmpdir();

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
    shard,
    ...(memoryMb === undefined ? {} : { limits: { ...DEFAULT_LIMITS, memoryBytes: memoryMb * 1024 * 1024 } }),
    onStart: (total, students) => progress.start(students, lessonCount, total, concurrency, shard && `shard ${shard.index}/${shard.count}`),
    onGraded: (event) => {
      const student = printable(event.student);
      const studentLine = event.studentDone && `${student}: ${event.studentDone.passed}/${event.studentDone.lessons} passed`;
      progress.graded(event.done, `${student} ${event.grade.id}`, studentLine);
    },
  });
  progress.finish();
  process.stderr.write(`Graded in ${(report.durationMs / 1000).toFixed(1)} s\n`);
  return printReport(report, { json: options.json === true, junit, classDir });
}

// grade merge <report.json>... [--json] [--junit <file>]: the reports of a class's shards as the one report
// a single run would have given. Exit 0, or 2 when the reports cannot be read or do not fit together.
async function merge(line: CommandLine): Promise<number> {
  const options = expectOptions({ ...line, command: 'grade merge', positionals: line.positionals.slice(1) }, { max: Infinity, options: ['json', 'junit', 'instructor'] });
  const files = line.positionals.slice(1);
  const junit = junitOption(options);
  let report: GradeReport;
  try {
    report = mergeReports(files.map((file) => ({ file, report: readReport(file) })));
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(printable(error.message));
    throw error;
  }
  return printReport(report, { json: options.json === true, junit });
}

// A shard's report, validated: a usage error names the file and what is wrong with it.
function readReport(file: string): GradeReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file} cannot be read (${code})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON (${(error as Error).message.split('\n')[0]}): give the reports of grade --shard i/n --json`);
  }
  const parsed = gradeReportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${file} is not a grade report (${issue.path.join('.') || 'the top level'}: ${issue.message})`);
  }
  return parsed.data;
}

// --junit's file, checked before any work so a typo does not cost the whole run.
function junitOption(options: Record<string, string | boolean | undefined>): string | undefined {
  if (options.junit === undefined) return undefined;
  const junit = String(options.junit);
  const problem = junit === '' ? 'no file named' : whyNotWritable(junit);
  if (problem) throw new UsageError(`--junit: ${problem}`);
  return junit;
}

// The report as asked: JUnit to its file, then JSON or the table on stdout; on GitHub Actions also the
// job's summary and an annotation per failure (on the student's file when the class folder is known).
function printReport(report: GradeReport, output: { json: boolean; junit: string | undefined; classDir?: string }): number {
  if (output.junit !== undefined) {
    try {
      writeJunit(report, output.junit);
    } catch (error) {
      process.stderr.write(`scaling-node-workshop: cannot write ${output.junit} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      return 1;
    }
  }
  if (output.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${formatGradeTable(report, painter(colorsEnabled()))}\n`);
  if (inGitHubActions()) {
    reportToGitHub({ annotations: gradeAnnotations(report, output.classDir), summary: gradeSummary(report), stdoutIsReport: output.json });
  }
  return 0;
}

// Whether to sandbox each run: --no-sandbox never, --sandbox always (unavailable is a usage error),
// by default whenever bubblewrap works here, saying in one line when it does not and why.
async function chooseSandbox(mode: 'auto' | 'required' | 'off'): Promise<boolean> {
  if (mode === 'off') return false;
  const why = await whySandboxUnavailable(tmpdir());
  if (why === undefined) {
    if (!bwrapDisablesUserns()) process.stderr.write('scaling-node-workshop: this bwrap cannot forbid user namespaces (--disable-userns needs bubblewrap 0.8 or later): a student\'s program can make one and mount memory there that the limits do not see\n');
    return true;
  }
  if (mode === 'required') throw new UsageError(`--sandbox: ${why}`);
  process.stderr.write(`scaling-node-workshop: grading without a sandbox (${why}); each program still gets its own folder and a cut-down environment\n`);
  return false;
}
