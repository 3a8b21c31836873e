import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProcess } from '../../src/engine/proc/process-table.js';
import type { VerifyResult } from '../../src/results/verify-result.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-6';
const file = (name: string) => fixture('lessons', `06-signals/${name}`);

// The pid the program announced, from the output the report kept.
function announcedPid(result: VerifyResult): number {
  const match = /^process (\d+)$/m.exec(result.output?.stdout ?? '');
  expect(match, 'the report shows the "process <pid>" line').not.toBeNull();
  return Number(match![1]);
}

describe.concurrent('lesson 6: signals', () => {
  it('passes the reference solution, all steps', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '06-signals.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([
      'starts with stdin closed and prints "process <pid>" with its own pid',
      'SIGHUP #1: prints "count = 1" and keeps running',
      'SIGHUP #2: prints "count = 2" and keeps running',
      'SIGHUP #3: prints "count = 3" and keeps running',
      'SIGTERM: prints "stopping" and exits with code 0',
      'installed its signal handlers before it printed "process <pid>"',
      'a second run: starts and prints "process <pid>" again',
      'SIGINT (what Ctrl-C sends): prints "stopping" and exits with code 0',
    ]);
  });

  it('passes a TypeScript solution: signals reach the program itself', async () => {
    expectPass(await verifyFile(lesson, file('typescript-solution.ts')));
  });

  it('passes a program that logs other lines too', async () => {
    expectPass(await verifyFile(lesson, file('logs-other-lines.js')));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '06-signals', 'starter.js')), 'SIGHUP #1: prints "count = 1" and keeps running', /exited with code 0 before|killed by SIGHUP #1: either it has no SIGHUP handler/);
  });

  it.each([
    ['exits-early.js', 'SIGHUP #1: prints "count = 1" and keeps running', /(The program exited with code 0 before (it was sent SIGHUP #1|printing "count = 1" after SIGHUP #1); it must keep running until it gets SIGINT or SIGTERM\.|The program was killed by SIGHUP #1: either it has no SIGHUP handler .*, or it was already ending by itself\.)[\s\S]*setInterval/],
    ['exits-when-stdin-closes.js', /^SIGHUP #[12]: /, /(The program exited with code 0 before |The program was killed by SIGHUP #\d)[\s\S]*stdin is closed here/],
    ['prints-parent-pid.js', 'starts with stdin closed and prints "process <pid>" with its own pid', new RegExp(`The program printed "process ${process.pid}", but its pid is \\d+\\.`)],
    // Its own point: a signal sent as soon as the pid is read may come before its handlers, and kill it at SIGHUP #1.
    ['prints-pid-before-handlers.js', /^(installed its signal handlers before it printed "process <pid>"|SIGHUP #1: prints "count = 1" and keeps running)$/, /The program printed "process \d+" before it had a handler for SIGHUP, SIGINT, SIGTERM \(it installed them later\): whoever reads the pid may signal it at once[\s\S]*print the `process` line after them|The program was killed by SIGHUP #1: either it has no SIGHUP handler/],
    ['has-no-sighup-handler.js', 'SIGHUP #1: prints "count = 1" and keeps running', /The program was killed by SIGHUP #1: either it has no SIGHUP handler[\s\S]*process\.on\('SIGHUP'/],
    ['counts-from-zero.js', 'SIGHUP #1: prints "count = 1" and keeps running', /After SIGHUP #1 the program printed "count = 0"; expected "count = 1"\.[\s\S]*add 1 to the counter before printing/],
    ['prints-count-with-a-colon.js', 'SIGHUP #1: prints "count = 1" and keeps running', /After SIGHUP #1 the program printed "count: 1"; expected "count = 1"\.[\s\S]*The number is right; print the line exactly as `count = <n>`/],
    ['resets-the-count.js', 'SIGHUP #2: prints "count = 2" and keeps running', /After SIGHUP #2 the program printed "count = 1"; expected "count = 2"\.[\s\S]*outside the handler/],
    ['stops-on-sighup.js', 'SIGHUP #2: prints "count = 2" and keeps running', /(The program exited with code 0 before (it was sent SIGHUP #2|printing "count = 2" after SIGHUP #2)|The program was killed by SIGHUP #2, although it answered SIGHUP #1: it was ending by itself)[\s\S]*setInterval/],
    ['has-no-sigterm-handler.js', 'SIGTERM: prints "stopping" and exits with code 0', /The program was killed by SIGTERM without printing "stopping": it has no SIGTERM handler/],
    ['exits-1-on-sigterm.js', 'SIGTERM: prints "stopping" and exits with code 0', /The program exited with code 1; it should exit with code 0 after SIGTERM\./],
    ['stops-without-a-word.js', 'SIGTERM: prints "stopping" and exits with code 0', /The program exited with code 0 after SIGTERM, but without printing "stopping"\./],
    ['complains-stopping-and-stays.js', 'SIGTERM: prints "stopping" and exits with code 0', /The program printed "stopping" on stderr \(it belongs on stdout: console\.log, not console\.error\) but did not exit after SIGTERM; the program is still running, but idle/],
    ['prints-stopping-on-stderr.js', 'SIGTERM: prints "stopping" and exits with code 0', /The program exited with code 0 after SIGTERM, but printed "stopping" on stderr; it belongs on stdout\.[\s\S]*console\.log/],
    ['has-no-sigint-handler.js', 'SIGINT (what Ctrl-C sends): prints "stopping" and exits with code 0', /The program was killed by SIGINT without printing "stopping": it has no SIGINT handler/],
  ])('fails %s', async (name, step, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });

  it('reports a program that ignores SIGTERM, then kills it', async () => {
    const result = await verifyFile(lesson, file('ignores-sigterm.js'));
    expectFailure(result, 'SIGTERM: prints "stopping" and exits with code 0', /The program did not exit after SIGTERM, and printed no "stopping" line: it seems to ignore SIGTERM; the program is still running, but idle: no timer is due for \d+ s or more/);
    expect(['Z', 'X', undefined]).toContain(readProcess(announcedPid(result))?.state);
  });

  // Past 3 s the wait goes on while the program still works (a loaded machine), and the message gives the time waited.
  it('reports a program that prints "stopping" but keeps a short timer, within 3 s of "stopping", then kills it', async () => {
    const result = await verifyFile(lesson, file('prints-stopping-keeps-a-short-timer.js'));
    expectFailure(result, 'SIGTERM: prints "stopping" and exits with code 0', /The program printed "stopping" but did not exit within (3|[3-9]\.\d) s of printing it \(the workshop killed it after this report\)[\s\S]*clearInterval/);
    expect(['Z', 'X', undefined]).toContain(readProcess(announcedPid(result))?.state);
  });

  it('reports a program that prints "stopping" but does not exit, then kills it', async () => {
    const result = await verifyFile(lesson, file('prints-stopping-but-stays.js'));
    expectFailure(result, 'SIGTERM: prints "stopping" and exits with code 0', /The program printed "stopping" but did not exit after SIGTERM; the program is still running, but idle: no timer is due for \d+ s or more[\s\S]*clearInterval/);
    expect(['Z', 'X', undefined]).toContain(readProcess(announcedPid(result))?.state);
  });
});
