import { describe, expect, it } from 'vitest';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import path from 'node:path';

const lesson = 'lesson-1';
const file = (name: string) => fixture('lessons', `01-hello/${name}`);
const step = 'prints "Hello World" to stdout and exits with code 0';

describe.concurrent('lesson 1: hello', () => {
  it('passes the reference solution', async () => {
    expectPass(await verifyFile(lesson, path.join(repoRoot, 'solutions', '01-hello.js')));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '01-hello', 'starter.js')), step, /Nothing was printed to stdout; expected "Hello World"/);
  });

  it.each(['writes-crlf-and-trailing-spaces.js', 'commonjs-solution.cjs'])('passes %s', async (name) => {
    expectPass(await verifyFile(lesson, file(name)));
  });

  it.each([
    ['prints-to-stderr.js', /Nothing was printed to stdout; expected "Hello World"/],
    ['exits-1.js', /The program exited with code 1; it should exit with code 0\./],
    ['syntax-error.js', /The program crashed: SyntaxError: .+ \(syntax-error\.js:2\)/],
    ['prints-lowercase.js', /Line 1 of stdout is "hello world"; expected "Hello World"/],
    ['prints-an-extra-line.js', /Line 2 of stdout should not be there: "Goodbye"/],
    ['package-without-type/01-hello.js', /Line 1 of stderr should not be there: "\(node:\d+\) \[MODULE_TYPELESS_PACKAGE_JSON\] Warning[\s\S]*Add "type": "module" to that package\.json/],
    ['throws-after-printing.js', /The program crashed: TypeError: Cannot read properties of undefined \(reading 'verbose'\) \(throws-after-printing\.js:4\)/],
  ])('fails %s', async (name, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });

  it('shows the learner\'s own error, not the workshop\'s, for a syntax error', async () => {
    const result = await verifyFile(lesson, file('syntax-error.js'));
    expect(result.output?.stderr).toContain('syntax-error.js:2');
    expect(result.output?.stderr).not.toMatch(/node:internal|src\/engine|src\/checks/);
  });
});
