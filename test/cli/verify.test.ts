import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyResultSchema } from '../../src/results/result-schema.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

// The built binary, run from the repository like a learner who names the file.
const verify = (...args: string[]) => runCli(['verify', ...args], { cwd: repoRoot });
const temp = mkdtempSync(path.join(os.tmpdir(), 'snw-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// A usage error: exit code 2 and exactly one line on stderr, never a stack trace.
function expectUsageError(result: { exitCode?: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.exitCode).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^scaling-node-workshop: /);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe.concurrent('verify (the built binary)', () => {
  it('exits 0 for the reference solution and says PASSED', async () => {
    const result = await verify('1', 'solutions/01-hello.js');
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ prints "Hello World" to stdout and exits with code 0/);
    expect(result.stdout).toMatch(/PASSED lesson-1 \(Hello World\): all 1 steps passed/);
    expect(result.stderr).toBe('');
  });

  it('exits 1 for the starter and says what was expected, what happened and what to try', async () => {
    const result = await verify('1', 'lessons/01-hello/starter.js');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✗ prints "Hello World"/);
    expect(result.stdout).toMatch(/Nothing was printed to stdout; expected "Hello World"\./);
    expect(result.stdout).toMatch(/expected:\n\s+Hello World\n\s+actual:\n\s+\(no output\)/);
    expect(result.stdout).toMatch(/try: console\.log/);
    expect(result.stdout).toMatch(/FAILED lesson-1 \(Hello World\): stopped at step 1 (of 1 )?\(0 passed\)/);
  });

  it.each(['lesson-6', '6', '06', 'signals', '06-signals', 'Signals'])('finds lesson 6 by "%s"', async (name) => {
    const result = await verify(name, 'solutions/06-signals.js');
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/PASSED lesson-6 \(Signals\)/);
  });

  it('suggests a lesson for a typo (exit 2)', async () => {
    expectUsageError(await verify('signls', 'solutions/06-signals.js'), /unknown lesson "signls"; did you mean signals\?/);
  });

  it('points at the list for a name nothing is close to (exit 2)', async () => {
    expectUsageError(await verify('kubernetes', 'x.js'), /unknown lesson "kubernetes" \(see: (npx )?scaling-node-workshop list\)/);
  });

  it('says so in one line when the file does not exist (exit 2)', async () => {
    expectUsageError(await verify('1', 'no-such-file.js'), /^scaling-node-workshop: no-such-file\.js: no such file$/);
  });

  it('refuses a file type it cannot run (exit 2)', async () => {
    expectUsageError(await verify('1', 'lessons/01-hello/README.md'), /unsupported file type "\.md"; use \.js, \.mjs, \.cjs, \.ts, \.mts, \.cts/);
  });

  it('refuses a folder (exit 2)', async () => {
    mkdirSync(path.join(temp, 'folder.js'));
    expectUsageError(await runCli(['verify', '1', 'folder.js'], { cwd: temp }), /^scaling-node-workshop: folder\.js is not a file$/);
    expectUsageError(await verify('1', 'lessons'), /unsupported file type "\(none\)"/);
  });

  it('refuses an unknown option (exit 2)', async () => {
    expectUsageError(await verify('1', 'solutions/01-hello.js', '--bogus'), /Unknown option '--bogus'/);
  });

  it('refuses an extra argument (exit 2)', async () => {
    expectUsageError(await verify('1', 'solutions/01-hello.js', 'extra'), /verify: unexpected argument "extra"/);
  });

  it('asks for a lesson when none is named (exit 2)', async () => {
    expectUsageError(await verify(), /name a lesson, e\.g\. 1 \(see: (npx )?scaling-node-workshop list\)/);
  });

  it('outside a workspace and without a file, says how to get one (exit 2)', async () => {
    expectUsageError(await runCli(['verify', '1'], { cwd: temp }), /no workspace here: run "(npx )?scaling-node-workshop init" first, or name the file \(verify 1 my-file\.js\)/);
  });

  it('with a TMPDIR that does not exist, verify, run and the course say so in one line naming it (exit 2); list still works', async () => {
    const missing = path.join(temp, 'no-such-tmp');
    const env = { NO_COLOR: '1', TMPDIR: missing };
    // Lesson 1 needs no folder of its own, lesson 14 does (its private Redis): both are refused before they start.
    for (const args of [['verify', '1', 'solutions/01-hello.js'], ['verify', '14', 'solutions/14-redis-state.js'], ['run', '1', 'solutions/01-hello.js'], []]) {
      const result = await runCli(args, { cwd: repoRoot, env });
      expectUsageError(result, /the temporary folder \S+ does not exist or cannot be written: set TMPDIR to a folder that can$/);
      expect(result.stderr).toContain(` ${missing} `);
    }
    const list = await runCli(['list'], { cwd: repoRoot, env });
    expect(list.exitCode).toBe(0);
  });

  it('--json prints a report that fits the schema, for a pass and for a failure', async () => {
    const passed = await verify('3', 'solutions/03-stdio.js', '--json');
    expect(passed.exitCode).toBe(0);
    const passReport = verifyResultSchema.parse(JSON.parse(passed.stdout));
    expect(passReport).toMatchObject({ lesson: 'lesson-3', title: 'Standard input and output', passed: true, file: path.join(repoRoot, 'solutions', '03-stdio.js') });
    expect(passReport.steps.every((step) => step.passed)).toBe(true);
    expect(passReport.output).toBeUndefined();

    const failed = await verify('2', 'lessons/02-argv/starter.js', '--json');
    expect(failed.exitCode).toBe(1);
    const failReport = verifyResultSchema.parse(JSON.parse(failed.stdout));
    expect(failReport.passed).toBe(false);
    expect(failReport.steps.at(-1)).toMatchObject({ passed: false, message: expect.stringMatching(/^Line 1 of stdout is/), hint: expect.any(String), expected: expect.any(String), actual: expect.any(String) });
    expect(failReport.output?.stdout).toContain('starter.js');
  });

  it('shows the learner\'s syntax error with their file and line, not a stack trace of ours', async () => {
    const file = path.join(temp, '01-hello.js');
    copyFileSync(fixture('lessons', '01-hello/syntax-error.js'), file);
    writeFileSync(path.join(temp, 'package.json'), '{"type":"module"}\n');
    const result = await runCli(['verify', '1', file], { cwd: temp });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/The program crashed: SyntaxError: .+ \(01-hello\.js:2\)/);
    expect(result.stdout).toMatch(/try: Fix the error shown in stderr below, in your file at the line it names\./);
    expect(result.stdout).toContain(`${file}:2`);
    expect(result.stdout).not.toMatch(/node:internal|dist\/src|src\/engine/);
    expect(result.stderr).toBe('');
  });

  it('runs a TypeScript file', async () => {
    const result = await verify('5', fixture('lessons', '05-pid/typescript-solution.ts'));
    expect(result.exitCode, result.stdout).toBe(0);
  });
});
