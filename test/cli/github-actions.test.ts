import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashLine, errorCommand, markdownCell } from '../../src/cli/github-actions.js';
import type { GradeReport } from '../../src/grade/grade-report-schema.js';
import { classDir as fixtureClass } from '../grade/expected-class.js';
import { fixture } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

describe('errorCommand', () => {
  it('escapes the message (%, CR, LF) and the properties (also : and ,), as the runner reads them', () => {
    const command = errorCommand({ title: 'ana lesson-6 · SIGHUP #2: count, again', message: '100% wrong\r\nnext line', file: '/ws/class/ana/06-signals.js', line: 7 }, { GITHUB_WORKSPACE: '/ws' });
    expect(command).toBe('::error file=class/ana/06-signals.js,line=7,title=ana lesson-6 · SIGHUP #2%3A count%2C again::100%25 wrong%0D%0Anext line');
  });

  it('leaves out what it does not know', () => {
    expect(errorCommand({ title: 't', message: 'm' }, { GITHUB_WORKSPACE: '/ws' })).toBe('::error title=t::m');
  });
});

describe('crashLine and markdownCell', () => {
  it("finds the line of a crash in the learner's file, and only in that file", () => {
    expect(crashLine('The program crashed: TypeError: x is not a function (06-signals.js:12)', '06-signals.js')).toBe(12);
    expect(crashLine('The program crashed: TypeError: x (helper.js:3)', '06-signals.js')).toBeUndefined();
    expect(crashLine('No line "count = 2" within 2 s.', '06-signals.js')).toBeUndefined();
  });

  it('keeps a table cell one cell: no pipes, newlines or HTML', () => {
    expect(markdownCell('a | b\n<script>`x`')).toBe('a \\| b &lt;script&gt;\\`x\\`');
  });
});

describe('on GitHub Actions (GITHUB_ACTIONS=true)', () => {
  let root: string;
  const actions = (summary: string) => ({ NO_COLOR: '1', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: path.join(root, summary), GITHUB_WORKSPACE: root });

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'snw-test-actions-'));
    for (const student of ['ada', 'bruno', 'chen', 'ivan']) cpSync(path.join(fixtureClass, student), path.join(root, 'class', student), { recursive: true });
    mkdirSync(path.join(root, 'learner'));
    cpSync(fixture('lessons/01-hello', 'throws-after-printing.js'), path.join(root, 'learner', '01-hello.js'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("verify annotates a crash with the learner's file and line, and writes the step summary", async () => {
    const result = await runCli(['verify', '1', path.join(root, 'learner', '01-hello.js')], { cwd: root, env: actions('verify.md') });
    expect(result.exitCode).toBe(1);
    const commands = result.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(commands).toEqual([
      `::error file=learner/01-hello.js,line=4,title=lesson-1 Hello World · prints "Hello World" to stdout and exits with code 0::The program crashed: TypeError: Cannot read properties of undefined (reading 'verbose') (01-hello.js:4)`,
    ]);
    const summary = readFileSync(path.join(root, 'verify.md'), 'utf8');
    expect(summary).toMatch(/^### lesson-1 Hello World: ❌ failed\n/);
    expect(summary).toContain('- ❌ ');
  });

  it('verify --json keeps stdout the report: the annotations go to stderr', async () => {
    const result = await runCli(['verify', '1', path.join(root, 'learner', '01-hello.js'), '--json'], { cwd: root, env: actions('verify-json.md') });
    expect(JSON.parse(result.stdout)).toMatchObject({ lesson: 'lesson-1', passed: false });
    expect(result.stderr).toMatch(/^::error file=learner\/01-hello\.js,line=4,/m);
  });

  it('verify of a passing file writes a passing summary and no annotation', async () => {
    const result = await runCli(['verify', '1', path.join(fixtureClass, 'ada', '01-hello.js')], { cwd: root, env: actions('verify-pass.md') });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain('::error');
    expect(readFileSync(path.join(root, 'verify-pass.md'), 'utf8')).toMatch(/^### lesson-1 Hello World: ✅ passed\n/);
  });

  it("grade annotates every failure and error on the student's file, and summarises the class", async () => {
    const result = await runCli(['grade', 'class', '--json'], { cwd: root, env: actions('grade.md') });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as GradeReport;
    const failures = report.students.flatMap((student) => student.lessons.filter((grade) => grade.status === 'failed' || grade.status === 'error').map((grade) => ({ student: student.name, grade })));
    const commands = result.stderr.split('\n').filter((line) => line.startsWith('::error'));
    expect(commands).toHaveLength(failures.length);
    expect(commands).toContain('::error file=class/bruno/01-hello.js,title=bruno lesson-1 · prints "Hello World" to stdout and exits with code 0::Nothing was printed to stdout; expected "Hello World".');
    // Two files for one lesson: no file to point at.
    expect(commands.find((line) => line.includes('ivan'))).toBe('::error title=ivan lesson-1%3A the workshop could not run it::several files for lesson-1: 01-hello.js, 01-hello.ts; keep one of them');
    const summary = readFileSync(path.join(root, 'grade.md'), 'utf8');
    expect(summary).toContain(`| bruno | ❌ | ❌ | ❌ |`);
    expect(summary).toContain('### Common mistakes');
  }, 120_000);

  it('prints no workflow command outside GitHub Actions', async () => {
    const result = await runCli(['verify', '1', path.join(root, 'learner', '01-hello.js')], { cwd: root, env: { NO_COLOR: '1', GITHUB_ACTIONS: '' } });
    expect(result.stdout + result.stderr).not.toContain('::error');
  });
});
