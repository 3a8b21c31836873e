import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-3';
const file = (name: string) => fixture('lessons', `03-stdio/${name}`);

describe.concurrent('lesson 3: stdio', () => {
  it('passes the reference solution, all steps', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '03-stdio.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([
      'doubles whole numbers, on stdout, and exits with code 0',
      "doubles decimals and negative numbers with JavaScript's number formatting",
      'writes other lines to stderr, keeps stdout for numbers, and exits with code 1',
      'exits with code 1 when a complaint came before the last line, even if the last line is a number',
      'skips empty lines (also lines of only spaces) without any output',
      'prints nothing for empty input and exits with code 0',
      'handles 100,000 lines: every answer comes out, in order',
      'handles Windows line endings (\\r\\n)',
      'handles a last line without a newline after it',
    ]);
  });

  it('passes a CommonJS program that splits the lines itself', async () => {
    expectPass(await verifyFile(lesson, file('commonjs-data-events.cjs')));
  });

  it('passes a program that waits for \'drain\' and calls process.exit() once its output is written', async () => {
    expectPass(await verifyFile(lesson, file('exits-once-stdout-drains.js')));
  });

  it('fails the starter, showing the 4 lines it announces', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'lessons', '03-stdio', 'starter.js'));
    expectFailure(result, 'doubles whole numbers, on stdout, and exits with code 0', /Nothing was printed to stdout; expected 4 lines/);
    expect(result.steps.at(-1)?.expected).toBe('2\n4\n20\n42');
  });

  it.each([
    ['mixes-errors-into-stdout.js', 'writes other lines to stderr, keeps stdout for numbers, and exits with code 1', /Line 2 of stdout is "you're doing it wrong: abc"; expected "10"[\s\S]*Only numbers go to stdout/],
    ['exits-0-on-bad-lines.js', 'writes other lines to stderr, keeps stdout for numbers, and exits with code 1', /The program exited with code 0; it should exit with code 1 \(a line went to stderr\)[\s\S]*process\.exitCode = 1/],
    ['rounds-decimals.js', "doubles decimals and negative numbers with JavaScript's number formatting", /Line 1 of stdout is "4"; expected "5"[\s\S]*String\(2 \* Number\(line\)\)/],
    ['rejects-negative-numbers.js', "doubles decimals and negative numbers with JavaScript's number formatting", /The program exited with code 1; it should exit with code 0 \(no line went to stderr\)[\s\S]*negative numbers included/],
    ['complains-about-empty-lines.js', 'skips empty lines (also lines of only spaces) without any output', /The program exited with code 1; it should exit with code 0[\s\S]*Empty lines are skipped/],
    ['calls-process-exit.js', 'handles 100,000 lines: every answer comes out, in order', /Line \d+ of stdout (is missing: expected "-?\d+"|is "-?\d*"; expected "-?\d+")[\s\S]*Don't call process\.exit\(\)/],
    ['exits-right-after-writing.js', 'handles 100,000 lines: every answer comes out, in order', /Line \d+ of stdout (is missing: expected "-?\d+"|is "-?\d*"; expected "-?\d+")[\s\S]*this check reads it slowly[\s\S]*Don't call process\.exit\(\)[\s\S]*process\.exitCode[\s\S]*'drain'/],
    ['keeps-carriage-returns.js', 'handles Windows line endings (\\r\\n)', /The program exited with code 1; it should exit with code 0[\s\S]*readline removes the whole "\\r\\n", but splitting on "\\n" yourself leaves the "\\r" on each line/],
    ['drops-last-line-without-newline.js', 'handles a last line without a newline after it', /Line 3 of stdout is missing: expected "42"[\s\S]*no newline/],
    ['throws-on-bad-lines.js', 'writes other lines to stderr, keeps stdout for numbers, and exits with code 1', /The program crashed: Error: not a number: abc \(throws-on-bad-lines\.js:7\)/],
    ['sets-exit-code-on-every-line.js', 'exits with code 1 when a complaint came before the last line, even if the last line is a number', /The program exited with code 0; it should exit with code 1 \(a line went to stderr\)[\s\S]*a number after a complaint must not set it back to 0/],
    ['tests-with-isnan.js', 'writes other lines to stderr, keeps stdout for numbers, and exits with code 1', /The program printed "2" on stdout for the line "1\.", which is not a number by the lesson's rule \/\^-\?\\d\+\(\\\.\\d\+\)\?\$\/ \(nor "\.5", "\+4", "1e3"\)[\s\S]*isNaN\(Number\(line\)\) takes more/],
    ['tests-with-parsefloat.js', 'writes other lines to stderr, keeps stdout for numbers, and exits with code 1', /The program printed "2" on stdout for the line "1\.",[\s\S]*nor "\.5", "\+4", "1e3", "12abc"[\s\S]*parseFloat\(line\) takes more[\s\S]*"12abc"/],
    ['never-ends.js', 'doubles whole numbers, on stdout, and exits with code 0', /The program did not exit after its input ended: the program is still running, but idle: no timer is due for \d+ s or more, and nothing else will wake it\.[\s\S]*for await/],
  ])('fails %s', async (name, step, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });
});
