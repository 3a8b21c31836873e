import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-5';
const file = (name: string) => fixture('lessons', `05-pid/${name}`);

describe.concurrent('lesson 5: pid', () => {
  it('passes the reference solution', async () => {
    expectPass(await verifyFile(lesson, path.join(repoRoot, 'solutions', '05-pid.js')));
  });

  it('passes a TypeScript solution: the loader runs in the program\'s own process', async () => {
    expectPass(await verifyFile(lesson, file('typescript-solution.ts')));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '05-pid', 'starter.js')), 'prints "process <pid>" with its own pid', /Line 1 of stdout is missing: expected "process \d+"/);
  });

  it.each([
    ['prints-parent-as-pid.js', 'prints "process <pid>" with its own pid', new RegExp(`Line 1 of stdout shows the workshop's pid \\(${process.pid}\\), which is the parent; your program itself ran as process \\d+`)],
    ['prints-own-pid-as-parent.js', 'prints "parent <ppid>" with the workshop\'s pid (the workshop started your program)', new RegExp(`Line 2 of stdout shows your program's own pid \\(\\d+\\); its parent, the workshop, is process ${process.pid}`)],
    ['prints-pid-of-a-shell.js', 'prints "process <pid>" with its own pid', /Line 1 of stdout is "process \d+", but your program ran as process \d+\.[\s\S]*process\.pid/],
    ['prints-to-stderr.js', 'prints "process <pid>" with its own pid', /Line 1 of stdout is missing/],
  ])('fails %s', async (name, step, message) => {
    const result = await verifyFile(lesson, file(name));
    expectFailure(result, step, message);
    expect(result.output, 'the report shows what the program printed').toBeDefined();
  });
});
