import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProcesses, readCommandLine } from '../../src/engine/proc/process-table.js';
import { gradeClass } from '../../src/grade/grade-class.js';
import type { GradeReport } from '../../src/grade/grade-report-schema.js';
import { whySandboxUnavailable } from '../../src/grade/verify-in-sandbox.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { processesRunningUnder } from './running-under.js';

const lessons = listLessonFolders();
const unique = `${process.pid}-${Date.now()}`;

describe('grading in the sandbox (bubblewrap)', () => {
  let root: string;
  let classDir: string;
  let tempRoot: string;
  let server: Server;
  let connections = 0;
  let report: GradeReport;
  const secret = `instructor-secret-${unique}`;
  const secretFile = path.join(userInfo().homedir, `.snw-sandbox-probe-${unique}`);
  const tmpFile = path.join(tmpdir(), `snw-sandbox-probe-${unique}`);
  const marker = `snw-sandbox-probe-daemon-${unique}`;
  const workshopFiles = [path.join(repoRoot, 'lessons', '01-hello', 'check.ts'), path.join(repoRoot, 'dist', 'lessons', '01-hello', 'check.js'), path.join(repoRoot, 'solutions', '01-hello.js')];
  let classmateFile: string;
  const before = new Map<string, string>();

  beforeAll(async () => {
    expect(await whySandboxUnavailable(tmpdir())).toBeUndefined();
    root = mkdtempSync(path.join(tmpdir(), 'snw-test-sandbox-'));
    classDir = path.join(root, 'class');
    tempRoot = path.join(root, 'runs');
    mkdirSync(tempRoot);
    // The classmate hands in every reference solution: every lesson, cluster lessons included, must still pass.
    const classmate = path.join(classDir, 'ana');
    mkdirSync(classmate, { recursive: true });
    for (const lesson of lessons) cpSync(path.join(repoRoot, 'solutions', `${lesson.name}.js`), path.join(classmate, `${lesson.name}.js`));
    classmateFile = path.join(classmate, '01-hello.js');
    writeFileSync(secretFile, secret);
    server = createServer((socket) => {
      connections++;
      socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const targets = { secretFile, instructorHome: userInfo().homedir, filesToWrite: [classmateFile, ...workshopFiles], tmpFile, port, marker };
    const probe = readFileSync(fixture('sandbox', 'probes-everything.js'), 'utf8').replace('/* TARGETS */ {}', JSON.stringify(targets));
    mkdirSync(path.join(classDir, 'zed'));
    writeFileSync(path.join(classDir, 'zed', '01-hello.js'), probe);
    for (const file of [classmateFile, ...workshopFiles]) before.set(file, readFileSync(file, 'utf8'));
    report = await gradeClass({ classDir, tempRoot, sandbox: true, concurrency: 2 });
  }, 180_000);

  afterAll(async () => {
    // Had the sandbox let the probe through, the workshop's own files get their content back.
    for (const [file, content] of before) if (readFileSync(file, 'utf8') !== content) writeFileSync(file, content);
    rmSync(secretFile, { force: true });
    rmSync(tmpFile, { force: true });
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it('lets the probing student read nothing of the instructor\'s home (its program passes, printing no secret)', () => {
    const zed = report.students.find((student) => student.name === 'zed')!.lessons[0]!;
    expect(zed, JSON.stringify(zed)).toMatchObject({ status: 'passed' });
    expect(JSON.stringify(report)).not.toContain(secret);
  });

  it("lets it write neither a classmate's file nor the workshop's files", () => {
    for (const [file, content] of before) expect(readFileSync(file, 'utf8'), file).toBe(content);
  });

  it("lets it write nothing to the machine's /tmp", () => {
    expect(existsSync(tmpFile)).toBe(false);
  });

  it('lets it connect to nothing on the machine\'s loopback', () => {
    expect(connections).toBe(0);
  });

  it('leaves nothing it started running, and removes every run folder', () => {
    const daemons = listProcesses().filter((info) => readCommandLine(info.pid)?.includes(marker));
    expect(daemons).toEqual([]);
    expect(processesRunningUnder(tempRoot)).toEqual([]);
  });

  it('still passes a correct classmate on every lesson, cluster lessons included', () => {
    const ana = report.students.find((student) => student.name === 'ana')!;
    expect(ana.lessons.filter((grade) => grade.status !== 'passed')).toEqual([]);
    expect(ana.lessons).toHaveLength(lessons.length);
  });
});

describe.each([
  ['in the sandbox', true],
  ['without the sandbox', false],
])('packages a student imports, %s', (_name, sandbox) => {
  let root: string;
  let report: GradeReport;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'snw-test-packages-'));
    // Own packages: a folder with its own node_modules (as after `npm install greeting`).
    const own = path.join(root, 'class', 'ana');
    mkdirSync(path.join(own, 'node_modules', 'greeting'), { recursive: true });
    writeFileSync(path.join(own, 'node_modules', 'greeting', 'package.json'), JSON.stringify({ name: 'greeting', type: 'module', exports: './index.js' }));
    writeFileSync(path.join(own, 'node_modules', 'greeting', 'index.js'), "export default 'Hello World';\n");
    writeFileSync(path.join(own, '01-hello.mjs'), "import greeting from 'greeting';\nconsole.log(greeting);\n");
    // No node_modules: the workshop's own dependencies are there to import (zod is one of them).
    const none = path.join(root, 'class', 'ben');
    mkdirSync(none, { recursive: true });
    writeFileSync(path.join(none, '01-hello.mjs'), "import { z } from 'zod';\nconsole.log(z.literal('Hello World').parse('Hello World'));\n");
    const tempRoot = path.join(root, 'runs');
    mkdirSync(tempRoot);
    report = await gradeClass({ classDir: path.join(root, 'class'), tempRoot, sandbox, lessons: lessons.filter((lesson) => lesson.number === 1) });
  }, 60_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("resolves them from the student's own node_modules", () => {
    expect(report.students[0]!.lessons[0], JSON.stringify(report.students[0])).toMatchObject({ status: 'passed' });
  });

  it("resolves them from the workshop's node_modules when the student has none", () => {
    expect(report.students[1]!.lessons[0], JSON.stringify(report.students[1])).toMatchObject({ status: 'passed' });
  });
});
