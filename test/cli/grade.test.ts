import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLive, listProcesses, readCommandLine } from '../../src/engine/proc/process-table.js';
import { waitUntil } from '../../src/engine/terminate/wait-until.js';
import { gradeReportSchema, type GradeReport } from '../../src/grade/grade-report-schema.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { classDir as fixtureClass, expectedFor } from '../grade/expected-class.js';
import { processesLivingUnder, processesRunningUnder } from '../grade/running-under.js';
import { countElements, parseAttributes } from '../grade/xml-counts.js';
import { cliPath } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const lessonCount = listLessonFolders().length;
const students = ['ada', 'bruno', 'chen', 'hana', 'ivan', 'june', 'kai'];
const secret = 'hunter2-from-the-instructors-shell';

describe('grade <dir> (the built binary)', () => {
  let root: string;
  let classDir: string;
  let runTmp: string;
  const env = () => ({ NO_COLOR: '1', SECRET_TOKEN: secret, TMPDIR: runTmp });

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'snw-test-grade-cli-'));
    classDir = path.join(root, 'class');
    runTmp = path.join(root, 'tmp');
    mkdirSync(runTmp);
    // Students without hangs or floods, so this file stays quick; test/grade covers the hostile ones.
    for (const student of students) cpSync(path.join(fixtureClass, student), path.join(classDir, student), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('--json and --junit', () => {
    let result: Awaited<ReturnType<typeof runCli>>;
    let report: GradeReport;
    let xml: string;

    beforeAll(async () => {
      const junit = path.join(root, 'grades.xml');
      result = await runCli(['grade', classDir, '--json', '--junit', junit], { env: env() });
      report = JSON.parse(result.stdout) as GradeReport;
      xml = readFileSync(junit, 'utf8');
    }, 120_000);

    it('exits 0 although students failed, and prints only the report on stdout', () => {
      expect(result.exitCode, result.stderr).toBe(0);
      expect(gradeReportSchema.safeParse(report).success).toBe(true);
    });

    it('has the required shape: students with their lessons, each with a status (and a message when failed)', () => {
      expect(report.students.map((student) => student.name)).toEqual(students);
      for (const student of report.students) {
        expect(student.lessons).toHaveLength(lessonCount);
        for (const grade of student.lessons) {
          const wanted = expectedFor(student.name, grade.id);
          expect([student.name, grade.id, grade.status]).toEqual([student.name, grade.id, wanted.status]);
          if (wanted.message) expect('message' in grade && grade.message).toMatch(wanted.message);
        }
      }
    });

    it("does not let the instructor's environment reach student programs", () => {
      expect(report.students.find((student) => student.name === 'hana')!.lessons[0]).toMatchObject({ status: 'passed' });
      expect(result.stdout).not.toContain(secret);
    });

    it('writes JUnit XML: a testsuite per student, a testcase per lesson, failures, skips and errors as graded', () => {
      const grades = report.students.flatMap((student) => student.lessons);
      const count = (status: string) => grades.filter((grade) => grade.status === status).length;
      expect(countElements(xml, 'testsuite')).toBe(students.length);
      expect(countElements(xml, 'testcase')).toBe(students.length * lessonCount);
      expect(countElements(xml, 'failure')).toBe(count('failed'));
      expect(countElements(xml, 'skipped')).toBe(count('missing'));
      expect(countElements(xml, 'error')).toBe(count('error'));
      expect(count('failed')).toBeGreaterThan(0);
      expect(parseAttributes(xml, 'testsuite').map((suite) => suite.name)).toEqual(students);
    });

    it('shows plain progress on stderr when it is not a terminal', () => {
      expect(result.stderr).toMatch(new RegExp(`^Grading ${students.length} students × ${lessonCount} lessons: \\d+ verifications, \\d+ at a time$`, 'm'));
      expect(result.stderr).toContain(`ada: 6/${lessonCount} passed`);
      expect(result.stderr).not.toContain('\r');
    });

    it('leaves no process and no run folder behind', () => {
      expect(processesRunningUnder(runTmp)).toEqual([]);
      expect(readdirSync(runTmp)).toEqual([]);
    });
  });

  describe('--shard i/n, then grade merge', () => {
    let unsharded: { json: string; xml: string };
    let shards: Awaited<ReturnType<typeof runCli>>[];
    let merged: Awaited<ReturnType<typeof runCli>>;
    let mergedXml: string;

    beforeAll(async () => {
      const junit = path.join(root, 'whole.xml');
      const whole = await runCli(['grade', classDir, '--json', '--junit', junit], { env: env() });
      unsharded = { json: whole.stdout, xml: readFileSync(junit, 'utf8') };
      // Three machines, each grading its shard of the same class folder (here one after the other).
      shards = [];
      for (const index of [1, 2, 3]) shards.push(await runCli(['grade', classDir, '--shard', `${index}/3`, '--json'], { env: env() }));
      const files = shards.map((shard, index) => {
        const file = path.join(root, `shard-${index + 1}.json`);
        writeFileSync(file, shard.stdout);
        return file;
      });
      merged = await runCli(['grade', 'merge', ...files.reverse(), '--json', '--junit', path.join(root, 'merged.xml')], { env: env() });
      mergedXml = readFileSync(path.join(root, 'merged.xml'), 'utf8');
      // The third shard of another class: the same folders and one more student.
      const otherClass = path.join(root, 'other-class');
      cpSync(classDir, otherClass, { recursive: true });
      cpSync(path.join(fixtureClass, 'fay'), path.join(otherClass, 'fay'), { recursive: true });
      writeFileSync(path.join(root, 'other-shard-3.json'), (await runCli(['grade', otherClass, '--shard', '3/3', '--json'], { env: env() })).stdout);
    }, 240_000);

    it('grades disjoint shards that together are the whole class, balanced by files', () => {
      for (const shard of shards) expect(shard.exitCode, shard.stderr).toBe(0);
      const reports = shards.map((shard) => JSON.parse(shard.stdout) as GradeReport);
      expect(reports.map((report) => report.shard)).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
      const names = reports.flatMap((report) => report.students.map((student) => student.name));
      expect(names.sort()).toEqual(students);
      const files = reports.map((report) => report.students.flatMap((student) => student.lessons).filter((grade) => grade.status !== 'missing').length);
      expect(Math.max(...files) - Math.min(...files)).toBeLessThanOrEqual(6);
      expect(shards[1]!.stderr).toMatch(/^Grading shard 2\/3: \d+ students? × \d+ lessons/m);
    });

    it('merges them into exactly the report of one run, in JSON and in JUnit (times and run folders aside)', () => {
      expect(merged.exitCode, merged.stderr).toBe(0);
      expect(comparable(merged.stdout)).toBe(comparable(unsharded.json));
      expect(comparable(mergedXml)).toBe(comparable(unsharded.xml));
      expect(countElements(mergedXml, 'testcase')).toBe(students.length * lessonCount);
    });

    it('prints the merged table by default', async () => {
      const files = [1, 2, 3].map((index) => path.join(root, `shard-${index}.json`));
      const table = await runCli(['grade', 'merge', ...files], { env: env() });
      expect(table.exitCode, table.stderr).toBe(0);
      const lines = table.stdout.split('\n');
      for (const [row, student] of (JSON.parse(merged.stdout) as GradeReport).students.entries()) {
        expect(lines[row + 1]).toMatch(new RegExp(`^${student.name} .* ${student.passed}/${lessonCount}$`));
      }
      expect(table.stdout).toContain('Common mistakes (what to explain again):');
    });

    it.each([
      [['shard-1.json', 'shard-2.json'], /^scaling-node-workshop: shard 3\/3 missing: merge the reports of all 3 shards$/],
      [['shard-1.json', 'shard-1.json', 'shard-2.json'], /^scaling-node-workshop: shard-1.json and shard-1.json are both shard 1\/3$/],
      [['shard-1.json', 'shard-2.json', 'other-shard-3.json'], /^scaling-node-workshop: other-shard-3.json and shard-1.json grade different classes \(their student folders differ\): merge the shards of one class$/],
      [['whole.xml'], /^scaling-node-workshop: whole.xml is not JSON \(.*\): give the reports of grade --shard i\/n --json$/],
      [['no-such.json'], /^scaling-node-workshop: no-such.json: no such file$/],
      [['not-a-report.json'], /^scaling-node-workshop: not-a-report.json is not a grade report \(lessons: .*\)$/],
      [[], /^scaling-node-workshop: name the shard reports to merge: grade merge <report.json>...$/],
      [['shard-1.json', '--concurrency', '2'], /^scaling-node-workshop: grade merge does not take --concurrency$/],
    ])('grade merge %j is a usage error: exit 2, one line', async (args, message) => {
      writeFileSync(path.join(root, 'not-a-report.json'), '{"students": []}');
      const result = await runCli(['grade', 'merge', ...args], { cwd: root, env: env() });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
    });
  });

  it('prints a table: students as rows, lessons as columns, totals', async () => {
    const result = await runCli(['grade', classDir, '--concurrency', '3'], { env: env() });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    const numbers = listLessonFolders().map((lesson) => String(lesson.number)).join(' +');
    expect(lines[0]).toMatch(new RegExp(`^student +${numbers} +passed$`));
    expect(lines[1], result.stdout).toMatch(new RegExp(`^ada +(✓ +){6}(· +){${lessonCount - 6}}6/${lessonCount}$`));
    expect(lines[students.indexOf('ivan') + 1]).toMatch(new RegExp(`^ivan +! +(· +){${lessonCount - 1}}0/${lessonCount}$`));
    expect(lines[students.length + 1]).toMatch(new RegExp(`^passed +[0-9 ]+ ${classTotalOf(lines)}/${students.length * lessonCount}$`));
    expect(result.stdout).toContain('several files for lesson-1: 01-hello.js, 01-hello.ts');
    expect(result.stderr).toContain('3 at a time');
  }, 120_000);

  it.each([
    [[], /^scaling-node-workshop: name the class folder: grade <dir>/],
    [['no-such-folder'], /^scaling-node-workshop: no-such-folder: no such folder$/],
    [['README-as-class'], /^scaling-node-workshop: README-as-class is not a folder/],
    [['empty-class'], /^scaling-node-workshop: empty-class has no student folders/],
    [['class', '--concurrency', '0'], /^scaling-node-workshop: --concurrency must be a whole number of at least 1, not "0"$/],
    [['class', '--concurrency', 'lots'], /^scaling-node-workshop: --concurrency must be a whole number of at least 1, not "lots"$/],
    [['class', '--junit', 'missing-folder/grades.xml'], /^scaling-node-workshop: --junit: missing-folder: no such folder$/],
    [['class', '--junit', 'class'], /^scaling-node-workshop: --junit: class is a folder$/],
    [['class', 'extra'], /^scaling-node-workshop: grade: unexpected argument "extra"$/],
    [['class', '--solution'], /^scaling-node-workshop: grade does not take --solution$/],
    [['class', '--shard', '4/3'], /^scaling-node-workshop: --shard must be i\/n, shard i of n counted from 1 \(--shard 2\/3\), not "4\/3"$/],
    [['class', '--shard', '0/3'], /^scaling-node-workshop: --shard must be i\/n/],
    [['class', '--sandbox', '--no-sandbox'], /^scaling-node-workshop: --sandbox and --no-sandbox contradict each other; give one$/],
    [['class', '--memory', 'lots'], /^scaling-node-workshop: --memory must be a whole number of megabytes, at least 64 \(the default is 512\), not "lots"$/],
    [['class', '--memory', '8'], /^scaling-node-workshop: --memory must be a whole number of megabytes, at least 64/],
  ])('grade %j is a usage error: exit 2, one line', async (args, message) => {
    writeFileSync(path.join(root, 'README-as-class'), '');
    mkdirSync(path.join(root, 'empty-class', '.hidden'), { recursive: true });
    const result = await runCli(['grade', ...args], { cwd: root, env: env() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('grade with a TMPDIR that does not exist is a usage error: exit 2, one line naming it', async () => {
    const missing = path.join(root, 'no-such-tmp');
    const result = await runCli(['grade', classDir], { env: { ...env(), TMPDIR: missing } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`scaling-node-workshop: the temporary folder ${missing} does not exist or cannot be written: set TMPDIR to a folder that can`);
    expect(result.stdout).toBe('');
  });

  describe('where bubblewrap is missing (no bwrap on PATH)', () => {
    const noBwrap = () => ({ ...env(), PATH: path.join(root, 'no-such-bin') });

    it('--sandbox is a usage error: exit 2, one line saying why', async () => {
      const result = await runCli(['grade', classDir, '--sandbox'], { env: noBwrap() });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe('scaling-node-workshop: --sandbox: bwrap is not installed (the system package bubblewrap)');
      expect(result.stdout).toBe('');
    });

    it('by default, says in one line that it grades without a sandbox and why, then grades as before', async () => {
      const result = await runCli(['grade', classDir, '--json'], { env: noBwrap() });
      expect(result.exitCode, result.stderr).toBe(0);
      const warnings = result.stderr.split('\n').filter((line) => line.includes('sandbox'));
      expect(warnings).toEqual(['scaling-node-workshop: grading without a sandbox (bwrap is not installed (the system package bubblewrap)); each program still gets its own folder and a cut-down environment']);
      expect(gradesOf(JSON.parse(result.stdout) as GradeReport)).toEqual(expectedGradesOf(students));
    }, 120_000);
  });

  it('--no-sandbox grades without the sandbox, and says nothing about it', async () => {
    const result = await runCli(['grade', classDir, '--json', '--no-sandbox'], { env: env() });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('sandbox');
    expect(gradesOf(JSON.parse(result.stdout) as GradeReport)).toEqual(expectedGradesOf(students));
  }, 120_000);

  // No deadline of its own: the program is looked for until it runs, however slow the machine; and what
  // grade killed on its way out counts as stopped while the kernel still tears it down.
  it.each([
    { name: 'Ctrl-C (SIGINT)', signal: 'SIGINT', code: 130 },
    { name: 'SIGTERM', signal: 'SIGTERM', code: 143 },
    { name: 'SIGHUP (its terminal closed)', signal: 'SIGHUP', code: 129 },
  ] as const)('on $name, stops every student program, removes the run folders and exits $code', async ({ signal, code }) => {
    const hangingClass = path.join(root, `hanging-class-${signal}`);
    cpSync(path.join(fixtureClass, 'dana', '01-hello.js'), path.join(hangingClass, 'dana', '01-hello.js'));
    // A named pipe in a lesson file's place, too: it is never opened, so it cannot hold grade up.
    execFileSync('mkfifo', [path.join(hangingClass, 'dana', '02-argv.js')]);
    const grading = execa(process.execPath, [cliPath, 'grade', hangingClass], { reject: false, env: env() });
    // The hanging program is running once a process shows up with its copy in a run folder on its command line.
    const hanging = () => processesRunningUnder(runTmp).some((found) => found.command.includes('01-hello.js'));
    expect(await waitUntil(hanging, 170_000)).toBe(true);
    grading.kill(signal);
    const result = await grading;
    expect(result.exitCode).toBe(code);
    expect(String(result.stderr)).toContain('grading interrupted; every program it started has been stopped');
    expect(processesLivingUnder(runTmp)).toEqual([]);
    expect(readdirSync(runTmp)).toEqual([]);
  }, 180_000);

  it('after kill -9 of grade and of its guardian, the next grade removes the scratch folders it left', async () => {
    const hangingClass = path.join(root, 'hanging-class-kill');
    cpSync(path.join(fixtureClass, 'dana', '01-hello.js'), path.join(hangingClass, 'dana', '01-hello.js'));
    const killed = execa(process.execPath, [cliPath, 'grade', hangingClass], { reject: false, env: env() });
    const hanging = () => processesRunningUnder(runTmp).some((found) => found.command.includes('01-hello.js'));
    expect(await waitUntil(hanging, 170_000)).toBe(true);
    // Its guardian would remove its folders at once (see startGuardian): killed first, as a killed session's
    // whole process tree is, it leaves them for the next grade.
    const guardian = listProcesses().find((info) => info.ppid === killed.pid && readCommandLine(info.pid)?.includes('snw-guardian'))?.pid;
    if (guardian !== undefined) {
      process.kill(guardian, 'SIGKILL');
      expect(await waitUntil(() => !isLive(guardian), 10_000)).toBe(true);
    }
    killed.kill('SIGKILL');
    await killed;
    expect(readdirSync(runTmp).filter((name) => name.startsWith('snw-grade-'))).not.toEqual([]);
    const next = await runCli(['grade', path.join(classDir), '--json'], { env: env() });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(readdirSync(runTmp)).toEqual([]);
    expect(processesLivingUnder(runTmp)).toEqual([]);
  }, 360_000);
});

// A report (JSON or JUnit) without what differs between two runs of the same grading: how long things
// took, the random names of the run folders, and the numbers in messages (worker pids; how many requests
// it took to see every worker answer).
function comparable(text: string): string {
  const numbersOut = (message: string) => message.replace(/snw-grade-[\w.-]+/g, 'snw-grade-X').replace(/\d+/g, 'N');
  return text
    .replace(/"durationMs": \d+/g, '"durationMs": 0')
    .replace(/ time="[\d.]+"/g, '')
    .replace(/("message": ")((?:[^"\\]|\\.)*)"/g, (_all, key: string, message: string) => `${key}${numbersOut(message)}"`)
    .replace(/( message=")([^"]*)"/g, (_all, key: string, message: string) => `${key}${numbersOut(message)}"`);
}

// Each student's statuses, lesson by lesson, as graded and as the fixture class expects.
function gradesOf(report: GradeReport): Record<string, string[]> {
  return Object.fromEntries(report.students.map((student) => [student.name, student.lessons.map((grade) => grade.status)]));
}
function expectedGradesOf(names: string[]): Record<string, string[]> {
  return Object.fromEntries(names.map((name) => [name, listLessonFolders().map((lesson) => expectedFor(name, lesson.id).status)]));
}

// The class total printed at the bottom right, recomputed from the rows.
function classTotalOf(lines: string[]): number {
  return lines
    .slice(1)
    .filter((line) => /^\S+ .* \d+\/\d+$/.test(line) && !line.startsWith('passed'))
    .reduce((sum, line) => sum + Number(/ (\d+)\/\d+$/.exec(line)![1]), 0);
}
