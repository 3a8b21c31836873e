import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGradeTable } from '../../src/grade/format-grade-table.js';
import { gradeClass } from '../../src/grade/grade-class.js';
import { gradeSummary } from '../../src/grade/grade-github.js';
import { DEFAULT_LIMITS, DISK_LIMIT_MESSAGE, LIMITS_STEP } from '../../src/grade/sandbox-limits.js';
import { painter } from '../../src/terminal/colors.js';
import type { GradeReport, LessonGrade } from '../../src/grade/grade-report-schema.js';
import { whySandboxUnavailable } from '../../src/grade/verify-in-sandbox.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { findExecutable } from '../../src/engine/find-executable.js';
import { cliPath, fixture, repoRoot } from '../helpers/paths.js';
import { processesRunningUnder } from './running-under.js';

const lessons = listLessonFolders();
// The thread and page-table attacks are written in python (cheap threads, mmap without a descriptor each).
const hasPython = findExecutable('python3') !== undefined;
const escaper = 'esc\u001b[2Jape';

// A class of students who attack the grading itself, graded in one sandboxed run beside an honest classmate.
describe('a hostile class, graded in the sandbox', () => {
  let root: string;
  let tempRoot: string;
  let report: GradeReport;
  const secret = `instructor-secret-${process.pid}-${Date.now()}`;
  const secretFile = path.join(userInfo().homedir, `.snw-hostile-probe-${process.pid}`);
  const grades = (name: string): LessonGrade[] => report.students.find((student) => student.name === name)!.lessons;

  beforeAll(async () => {
    expect(await whySandboxUnavailable(tmpdir())).toBeUndefined();
    root = mkdtempSync(path.join(tmpdir(), 'snw-test-hostile-'));
    const classDir = path.join(root, 'class');
    tempRoot = path.join(root, 'runs');
    mkdirSync(tempRoot);
    const handIn = (student: string, files: Record<string, string>) => {
      mkdirSync(path.join(classDir, student), { recursive: true });
      for (const [name, source] of Object.entries(files)) cpSync(source, path.join(classDir, student, name));
    };
    handIn('ana', Object.fromEntries(lessons.map((lesson) => [`${lesson.name}.js`, path.join(repoRoot, 'solutions', `${lesson.name}.js`)])));
    // The forger hands in the same file for every lesson: each tries to write "passed" results into the verifier's stdout.
    handIn('forger', Object.fromEntries(lessons.map((lesson) => [`${lesson.name}.js`, fixture('sandbox', 'forges-results.js')])));
    handIn('stopper', { '01-hello.js': fixture('sandbox', 'stops-the-verifier.js'), '02-argv.js': path.join(repoRoot, 'solutions', '02-argv.js') });
    handIn('killer', { '01-hello.js': fixture('sandbox', 'kills-the-verifier.js'), '02-argv.js': path.join(repoRoot, 'solutions', '02-argv.js') });
    handIn('reader', { '01-hello.js': fixture('sandbox', 'reads-the-verifier.js') });
    handIn('importer', { '01-hello.js': fixture('sandbox', 'imports-a-solution.js') });
    // Links where files belong: to a secret in the instructor's home, to /etc/shadow; a program that reads them.
    writeFileSync(secretFile, secret);
    handIn('linker', { '03-stdio.js': fixture('sandbox', 'prints-its-classmates.js') });
    symlinkSync(secretFile, path.join(classDir, 'linker', '01-hello.js'));
    symlinkSync('/etc/shadow', path.join(classDir, 'linker', '02-argv.js'));
    // A named pipe handed in as a lesson file: reading it would block the grader.
    mkdirSync(path.join(classDir, 'piper'));
    execFileSync('mkfifo', [path.join(classDir, 'piper', '01-hello.js')]);
    // node_modules that lead out: to the class folder (a classmate's files), and to the machine's root.
    handIn('climber', { '03-stdio.js': fixture('sandbox', 'prints-its-classmates.js') });
    symlinkSync('..', path.join(classDir, 'climber', 'node_modules'));
    handIn('rooter', { '03-stdio.js': fixture('sandbox', 'prints-its-classmates.js') });
    mkdirSync(path.join(classDir, 'rooter', 'node_modules'));
    symlinkSync('/', path.join(classDir, 'rooter', 'node_modules', 'host'));
    // A student folder that is a link to a folder outside the class.
    mkdirSync(path.join(root, 'elsewhere'));
    cpSync(path.join(repoRoot, 'solutions', '01-hello.js'), path.join(root, 'elsewhere', '01-hello.js'));
    symlinkSync(path.join(root, 'elsewhere'), path.join(classDir, 'outsider'));
    handIn('filler', { '01-hello.js': fixture('sandbox', 'fills-the-disk.js'), '02-argv.js': fixture('sandbox', 'reports-the-disk.js'), '03-stdio.js': path.join(repoRoot, 'solutions', '03-stdio.js') });
    handIn('opener', { '01-hello.js': fixture('sandbox', 'opens-many-files.js'), '02-argv.js': path.join(repoRoot, 'solutions', '02-argv.js') });
    handIn('nester', { '01-hello.js': fixture('sandbox', 'makes-a-user-namespace.js') });
    handIn('forker', { '01-hello.js': fixture('sandbox', 'starts-many-processes.js'), '02-argv.js': path.join(repoRoot, 'solutions', '02-argv.js') });
    if (hasPython) handIn('threader', { '01-hello.js': fixture('sandbox', 'starts-many-threads.js'), '02-argv.js': path.join(repoRoot, 'solutions', '02-argv.js') });
    // Daemons that leave their run without its mark: one from lesson 1 holds port 8000 and kills private
    // Redis servers through lessons 8 and 14; one from lesson 8's first run holds port 8000 for its "PORT unset" step.
    handIn('lurker', { '01-hello.js': fixture('sandbox', 'leaves-a-daemon.js'), '08-shared-port.js': fixture('lessons/08-shared-port', 'no-port-default.js'), '14-redis-state.js': path.join(repoRoot, 'solutions', '14-redis-state.js') });
    handIn('squatter', { '08-shared-port.js': fixture('sandbox', 'squats-port-8000.js') });
    // One that tries to put its own PostgreSQL template where the check of its lesson 15 looks for it.
    handIn('swapper', { '02-argv.js': fixture('sandbox', 'swaps-the-postgres-template.js'), '15-postgres-state.js': path.join(repoRoot, 'solutions', '15-postgres-state.js') });
    // Escape codes in a folder name and in a program's output.
    handIn(escaper, { '01-hello.js': fixture('sandbox', 'prints-escape-codes.js') });
    report = await gradeClass({ classDir, tempRoot, sandbox: true, concurrency: 2 });
  }, 300_000);

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(secretFile, { force: true });
  });

  it('passes the honest classmate on every lesson, flagging each file as a copy of the reference solution', () => {
    expect(grades('ana').filter((grade) => grade.status !== 'passed')).toEqual([]);
    expect(report.students.find((student) => student.name === 'ana')!.copies).toEqual(lessons.map((lesson) => lesson.id));
    expect(report.students.find((student) => student.name === 'forger')!.copies).toBeUndefined();
  });

  it('gives the forger no pass: its programs cannot take the results channel', () => {
    const forger = grades('forger');
    expect(forger.filter((grade) => grade.status === 'passed')).toEqual([]);
    expect(forger[0], JSON.stringify(forger[0])).toMatchObject({ status: 'failed', message: expect.stringContaining('pidfd_getfd: Operation not permitted') });
  });

  it('marks a student whose program stops the verifier as tampered, every lesson of theirs', () => {
    expect(grades('stopper').slice(0, 2).map((grade) => [grade.status, 'message' in grade && grade.message])).toEqual([
      ['tampered', expect.stringContaining('the verifier was stopped by a signal')],
      ['tampered', expect.stringContaining('the verifier was stopped by a signal')],
    ]);
  });

  it('marks a student whose program kills the verifier as tampered, every lesson of theirs', () => {
    expect(grades('killer').slice(0, 2).map((grade) => [grade.status, 'message' in grade && grade.message])).toEqual([
      ['tampered', expect.stringContaining('killed by signal 9')],
      ['tampered', expect.stringContaining('killed by signal 9')],
    ]);
  });

  it("refuses a program the verifier's memory, open files and environment", () => {
    expect(grades('reader')[0], JSON.stringify(grades('reader')[0])).toMatchObject({ status: 'passed' });
  });

  it('gives a program that runs a reference solution no answer from it', () => {
    const importer = grades('importer')[0]!;
    expect(importer, JSON.stringify(importer)).toMatchObject({ status: 'failed', message: expect.stringContaining('no solution at') });
    // Nor are the solutions, the tests or their fixtures there to read by path.
    expect(importer, JSON.stringify(importer)).toMatchObject({ message: expect.stringContaining("of the workshop's answers: nothing") });
  });

  it('reads no lesson file through a link: each link is named for what it is, and nothing of its target reaches the report', () => {
    expect(grades('linker').slice(0, 2)).toEqual([
      expect.objectContaining({ status: 'failed', message: '01-hello.js is a symbolic link; hand in the file itself' }),
      expect.objectContaining({ status: 'failed', message: '02-argv.js is a symbolic link; hand in the file itself' }),
    ]);
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(JSON.stringify(report)).not.toMatch(/root:[^:]*:\d+:/);
  });

  it('never opens a named pipe handed in as a lesson file', () => {
    expect(grades('piper')[0]).toMatchObject({ status: 'failed', message: '01-hello.js is a named pipe (FIFO); hand in the file itself' });
  });

  it("uses a student's node_modules only when nothing in it leads out of their folder, and says so", () => {
    const notes = (name: string) => report.students.find((student) => student.name === name)!.notes;
    expect(notes('climber')).toEqual(["their node_modules is a symbolic link, so the workshop's packages were used"]);
    expect(notes('rooter')).toEqual(["their node_modules has a link out of their folder (host), so the workshop's packages were used"]);
    for (const name of ['linker', 'climber', 'rooter']) {
      const printed = JSON.stringify(grades(name)[2]);
      expect(printed).not.toContain('ana');
      expect(printed).not.toContain('boot');
    }
  });

  it('refuses a student folder that links out of the class folder, in one line', () => {
    expect(report.students.map((student) => student.name)).not.toContain('outsider');
    expect(report.refused).toEqual([{ name: 'outsider', reason: 'is a link out of the class folder: not graded, hand in a real folder' }]);
  });

  it('shows no control character raw in the table or the GitHub summary: each is written \\u001b', () => {
    const rawControls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
    const table = formatGradeTable(report, painter(false));
    const summary = gradeSummary(report);
    for (const text of [table, summary]) {
      expect(text).not.toMatch(rawControls);
      expect(text).toContain('esc\\u001b[2Jape');
    }
    expect(summary).toContain('owned');
  });

  it("fills no disk: /tmp, the lesson's folder and HOME share 64 MB, then writes fail with ENOSPC; /dev/shm takes nothing; the verdict names the limit", () => {
    const [filled, reported, next] = grades('filler');
    expect(filled).toMatchObject({ status: 'failed', step: LIMITS_STEP, message: DISK_LIMIT_MESSAGE });
    // The next lesson's program, in the same sandbox, reads what the filler left where.
    const said = JSON.stringify(reported);
    expect(said).toContain('shm: nothing');
    for (const place of ['tmp', 'scratch', 'home']) expect(said).toMatch(new RegExp(`${place}: \\d+ MB, then ENOSPC`));
    expect(said).toMatch(/total: (6[0-4]|5\d) MB/);
    expect(next).toMatchObject({ status: 'passed' });
  });

  it('stops a student whose programs hold more than 4096 open files at once, says so, and grades their next lesson', () => {
    expect(grades('opener').slice(0, 2)).toEqual([
      expect.objectContaining({ status: 'failed', step: LIMITS_STEP, message: 'its processes held more than 4096 open files at once, so they were stopped' }),
      expect.objectContaining({ status: 'passed' }),
    ]);
  });

  it('lets no program make a user namespace of its own, where it could mount memory past the limits', () => {
    const [tried] = grades('nester');
    expect(tried).toMatchObject({ status: 'failed' });
    expect(JSON.stringify(tried)).toMatch(/user namespace: refused \(unshare: /);
  });

  it('stops a student whose programs run more than 64 processes at once, says so, and grades their next lesson', () => {
    expect(grades('forker').slice(0, 2)).toEqual([
      expect.objectContaining({ status: 'failed', step: LIMITS_STEP, message: 'it ran more than 64 processes at once, so they were stopped' }),
      expect.objectContaining({ status: 'passed' }),
    ]);
  });

  it.skipIf(!hasPython)('stops a student whose program runs more than 1024 threads (each takes a process id of the machine), says so, and grades their next lesson', () => {
    expect(grades('threader').slice(0, 2)).toEqual([
      expect.objectContaining({ status: 'failed', step: LIMITS_STEP, message: 'it ran more than 1024 threads at once, so they were stopped' }),
      expect.objectContaining({ status: 'passed' }),
    ]);
  });

  it("ends a daemon that left its run with the run, so that no later step or lesson of the student's is judged beside it", () => {
    const unset = expect.stringMatching(/PORT unset/);
    const [hello, , , , , , , sharedPort, , , , , , redis] = grades('lurker');
    expect(hello, JSON.stringify(hello)).toMatchObject({ status: 'passed' });
    // Not a pass with "PORT unset was not checked: port 8000 is in use".
    expect(sharedPort, JSON.stringify(sharedPort)).toMatchObject({ status: 'failed', step: unset, message: expect.stringContaining('should use the default, 8000') });
    // Not "needs Redis": the lesson's private Redis lived.
    expect(redis, JSON.stringify(redis)).toMatchObject({ status: 'passed' });
    expect(grades('squatter')[7], JSON.stringify(grades('squatter')[7])).toMatchObject({ status: 'failed', step: unset, message: expect.stringContaining('should use the default, 8000') });
  });

  it("shows PostgreSQL's template where no folder above it can be renamed, so no student swaps in a template of their own", () => {
    const [, swap, , , , , , , , , , , , , postgres] = grades('swapper');
    expect(swap, JSON.stringify(swap)).toMatchObject({ status: 'failed', message: expect.stringContaining('found a template, not swapped: EROFS') });
    expect(postgres, JSON.stringify(postgres)).toMatchObject({ status: 'passed' });
  });

  it('says in the report and under the table what the limits were and what held them', () => {
    expect(report.sandbox).toEqual({ limitsBy: '/proc sampling', memoryMb: 512, processes: 64, threads: 1024, openFiles: 4096, cpuSecondsPerLesson: 30, diskMb: 64 });
    expect(formatGradeTable(report, painter(false))).toContain("Sandboxed; each student's programs together: 512 MB of memory, 64 processes, 1024 threads, 4096 open files, 30 s of CPU a lesson (held by /proc sampling), 64 MB of disk");
  });

  it('leaves nothing running and no run folder', () => {
    expect(processesRunningUnder(tempRoot)).toEqual([]);
    expect(processesRunningUnder(root)).toEqual([]);
  });
});

// The CPU limit, lowered to 1.5 s so that it comes well before lesson 1's own deadline (5 s, and 10 s
// more for a program still working), on a machine of any speed.
describe('students whose programs keep a core busy writing to /dev/null, or in processes too short-lived to be looked at, graded in the sandbox', () => {
  let root: string;
  let report: GradeReport;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'snw-test-spinner-'));
    for (const [student, file] of [
      ['spinner', 'spins-into-dev-null.js'],
      ['flicker', 'burns-cpu-in-short-lives.js'],
    ]) {
      mkdirSync(path.join(root, 'class', student!), { recursive: true });
      cpSync(fixture('sandbox', file!), path.join(root, 'class', student!, '01-hello.js'));
    }
    report = await gradeClass({
      classDir: path.join(root, 'class'),
      tempRoot: root,
      sandbox: true,
      lessons: lessons.filter((lesson) => lesson.number === 1),
      limits: { ...DEFAULT_LIMITS, cpuMsPerLesson: 1_500 },
    });
  }, 120_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stops each at the CPU limit and says so', () => {
    for (const name of ['spinner', 'flicker']) {
      const [grade] = report.students.find((student) => student.name === name)!.lessons;
      expect(grade, name).toMatchObject({ status: 'failed', step: LIMITS_STEP, message: 'its processes kept a core busy for more than 1.5 s of CPU time in one lesson, so they were stopped' });
    }
  });
});

// The memory limit, lowered to 128 MB, so that 256 MB in a memfd, or 160 MB of page tables, is well past it
// and a few node processes are not; and a hog passes it long before it has kept a core busy for 2.5 s (the
// verifier's own watch) or lesson 1's deadline has come, however slowly the machine gives it memory (a fresh
// virtual machine: some 4 ms of CPU time a MB).
describe('students whose programs take memory, hold it in a memfd or in page tables, graded in the sandbox', () => {
  let root: string;
  let report: GradeReport;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'snw-test-memfd-'));
    mkdirSync(path.join(root, 'class', 'hoarder'), { recursive: true });
    cpSync(fixture('sandbox', 'hoards-memory-in-a-memfd.js'), path.join(root, 'class', 'hoarder', '01-hello.js'));
    mkdirSync(path.join(root, 'class', 'hog'), { recursive: true });
    cpSync(fixture('sandbox', 'hogs-memory.js'), path.join(root, 'class', 'hog', '01-hello.js'));
    cpSync(path.join(repoRoot, 'solutions', '02-argv.js'), path.join(root, 'class', 'hog', '02-argv.js'));
    if (hasPython) {
      mkdirSync(path.join(root, 'class', 'mapper'), { recursive: true });
      cpSync(fixture('sandbox', 'maps-a-file-many-times.js'), path.join(root, 'class', 'mapper', '01-hello.js'));
    }
    report = await gradeClass({
      classDir: path.join(root, 'class'),
      tempRoot: root,
      sandbox: true,
      lessons: lessons.filter((lesson) => lesson.number <= 2),
      limits: { ...DEFAULT_LIMITS, memoryBytes: 128 * 1024 * 1024 },
    });
  }, 120_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const firstGrade = (name: string) => report.students.find((student) => student.name === name)!.lessons[0];

  it('stops a student whose programs take more than the limit together, says so, and grades their next lesson', () => {
    expect(report.students.find((student) => student.name === 'hog')!.lessons).toEqual([
      expect.objectContaining({ status: 'failed', step: LIMITS_STEP, message: 'its processes used more than 128 MB of memory together (grade --memory <MB> raises the limit), so they were stopped' }),
      expect.objectContaining({ status: 'passed' }),
    ]);
  });

  it('counts the memfd against the memory limit, stops it and says so', () => {
    expect(firstGrade('hoarder')).toMatchObject({ status: 'failed', step: LIMITS_STEP, message: expect.stringContaining('used more than 128 MB of memory together') });
  });

  it.skipIf(!hasPython)('counts page tables against the memory limit, stops it and says so', () => {
    expect(firstGrade('mapper')).toMatchObject({ status: 'failed', step: LIMITS_STEP, message: expect.stringContaining('used more than 128 MB of memory together') });
  });
});

describe('a student whose program sends SIGUSR1 to the verifier (node would open its inspector), graded in the sandbox', () => {
  let root: string;
  let report: GradeReport;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'snw-test-inspector-'));
    mkdirSync(path.join(root, 'class', 'prober'), { recursive: true });
    cpSync(fixture('sandbox', 'opens-the-inspector.js'), path.join(root, 'class', 'prober', '01-hello.js'));
    report = await gradeClass({ classDir: path.join(root, 'class'), tempRoot: root, sandbox: true, lessons: lessons.filter((lesson) => lesson.number === 1) });
  }, 120_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('ends the verifier instead, and marks the student tampered', () => {
    expect(report.students[0]!.lessons[0]).toMatchObject({ status: 'tampered', message: expect.stringContaining('killed by signal 10') });
  });
});

// grade started with a descriptor it does not know of (fd 40, not close-on-exec: a terminal's, a CI runner's),
// which bwrap passes on to the verifier: the student's programs must find it closed, and bwrap's init (which
// keeps bwrap's stdio) must hold nothing that carries results.
describe('a student whose program writes forged results into every descriptor it can find, graded by the CLI in the sandbox', () => {
  let root: string;
  let report: GradeReport;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'snw-test-descriptors-'));
    for (const [student, files] of Object.entries({
      inheritor: { '01-hello.js': fixture('sandbox', 'forges-through-inherited-fds.js'), '02-argv.js': fixture('sandbox', 'forges-through-inherited-fds.js') },
      ana: { '01-hello.js': path.join(repoRoot, 'solutions', '01-hello.js'), '02-argv.js': path.join(repoRoot, 'solutions', '02-argv.js') },
    })) {
      mkdirSync(path.join(root, 'class', student), { recursive: true });
      for (const [name, source] of Object.entries(files)) cpSync(source, path.join(root, 'class', student, name));
    }
    const stdio: ('ignore' | 'pipe')[] = Array.from({ length: 41 }, () => 'ignore');
    stdio[1] = 'pipe';
    stdio[40] = 'pipe';
    const grade = spawn(process.execPath, [cliPath, 'grade', path.join(root, 'class'), '--sandbox', '--json'], { stdio, env: { ...process.env, NO_COLOR: '1' } });
    let json = '';
    grade.stdout!.on('data', (chunk: Buffer) => (json += chunk.toString('utf8')));
    await new Promise((resolve) => grade.once('close', resolve));
    report = JSON.parse(json) as GradeReport;
  }, 120_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("finds none of the grader's descriptors, and what it writes into bwrap's init reaches no verdict", () => {
    const inheritor = report.students.find((student) => student.name === 'inheritor')!.lessons.slice(0, 2);
    for (const grade of inheritor) {
      expect(grade, JSON.stringify(grade)).toMatchObject({ status: 'failed', message: expect.stringContaining('inherited: none;') });
      // bwrap's own stdout is /dev/null: nothing written there is read.
      expect(JSON.stringify(grade)).not.toMatch(/wrote into: [^"]*(pipe|socket):\[\d+\][^"]*fd\/1 /);
    }
    expect(report.students.find((student) => student.name === 'ana')!.lessons.slice(0, 2).map((grade) => grade.status)).toEqual(['passed', 'passed']);
  });
});
