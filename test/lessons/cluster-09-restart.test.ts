import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultsLabel } from '../../src/checks/cluster-run.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-9';
const file = (name: string) => fixture('lessons', `09-restart/${name}`);
const KILL_1 = 'SIGKILL worker #1 (from x-worker-pid): the primary prints "<pid> died" and a replacement answers';
const KILL_2 = 'SIGKILL the replacement: "<pid> died" again, and 2 workers answer again';
// Port 8000 is free on the machines the tests run on; every verification takes its turn with it.
const DEFAULTS = `${defaultsLabel(true)}: every worker answers GET /, and a killed one is replaced`;

describe.concurrent('lesson 9: restart', () => {
  it('passes the reference solution: two SIGKILLs in a row, the second one of the replacement', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '09-restart.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([
      'starts with WORKERS=2 and listens on PORT',
      'both workers answer GET / with "hello world\\n" and their pid in x-worker-pid',
      KILL_1,
      KILL_2,
      DEFAULTS,
    ]);
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '09-restart', 'starter.js')), 'starts with WORKERS=2 and listens on PORT', /exited with code 0 before listening on port/);
  });

  it.each([
    // How the program is still running, once it is seen asleep; on a machine too busy to see that within
    // 3 s (a new worker still starting, say), "3 s later" or "within 3 s": the same verdict.
    ['no-restart.js', KILL_1, /After SIGKILL #1 \(worker \d+ was killed\), the primary still had 1 worker(, and the program is still running, but idle: no timer is due for \d+ m?s or more, and nothing else will wake it| 3 s later); expected 2 again\./],
    ['restarts-on-error-code-only.js', KILL_1, /After SIGKILL #1 \(worker \d+ was killed\), the primary still had 1 worker[\s\S]*printed the line but forked no replacement[\s\S]*exits with code null and signal 'SIGKILL', so a test such as if \(code\) cluster\.fork\(\) skips it/],
    ['no-workers-default.js', DEFAULTS, /The program exited with code 0 before listening on port 8000[\s\S]*Number\(process\.env\.WORKERS\) \|\| os\.availableParallelism\(\)/],
    ['restarts-once-only.js', KILL_2, /No "\d+ died" line on stdout (within 3 s )?after SIGKILL #2 \(worker \d+ was killed\); the program is still running(, but idle: no timer is due for \d+ m?s or more, and nothing else will wake it)?\.[\s\S]*cluster\.on\('exit'/],
    ['watches-first-workers-only.js', KILL_2, /No "\d+ died" line on stdout (within 3 s )?after SIGKILL #2 \(worker \d+ was killed\); the program is still running(, but idle|\.)/],
    ['restarts-silently.js', KILL_1, /No "\d+ died" line on stdout (within 3 s )?after SIGKILL #1 \(worker \d+ was killed\); the program is still running(, but idle|\.)/],
    ['wrong-died-line.js', KILL_1, /After SIGKILL #1 the primary printed "worker (\d+) died"; expected "\1 died"\./],
    // Seen while the second replacement starts, or once it runs: either way, one worker too many.
    ['forks-two-replacements.js', KILL_1, /the primary ha[ds] 3 workers; expected 2\b[\s\S]*Fork exactly one replacement for each worker that exits\./i],
  ])('fails %s', async (name, step, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });
});
