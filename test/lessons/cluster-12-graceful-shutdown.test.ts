import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultsLabel } from '../../src/checks/cluster-run.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-12';
const file = (name: string) => fixture('lessons', `12-graceful-shutdown/${name}`);
const STARTS = 'starts with WORKERS=2, and both workers answer GET /';
const PROBE = 'GET /slow?ms=100 answers "done\\n" after at least 100 ms';
const SIGTERM = 'SIGTERM while GET /slow?ms=3000 is in flight (2 s or more of it left): prints "stopping", new connections are refused, the request still gets "done\\n", no new worker starts, and the primary exits with code 0';
// Port 8000 is free on the machines the tests run on; every verification takes its turn with it.
const SECOND = `a second run, ${defaultsLabel(true)}: every worker answers GET /`;
const CTRL_C = 'Ctrl-C: SIGINT to the whole process group (the primary and every worker) while GET /slow?ms=600 is in flight: prints "stopping", the request still gets "done\\n", no new worker starts, and the primary exits with code 0 within 5 s';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.concurrent('lesson 12: graceful shutdown', () => {
  it('passes the reference solution, all steps', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '12-graceful-shutdown.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([
      STARTS,
      'as lesson 9: SIGKILL a worker, the primary prints "<pid> died" and a replacement answers',
      PROBE,
      SIGTERM,
      SECOND,
      CTRL_C,
    ]);
  });

  it.each([['esm.mjs'], ['commonjs-is-master.cjs'], ['typescript.ts']])('passes %s', async (name) => {
    expectPass(await verifyFile(lesson, file(name)));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '12-graceful-shutdown', 'starter.js')), STARTS, /exited with code 0 before listening/);
  });

  it.each([
    ['kills-in-flight.js', SIGTERM, /The request in flight when SIGTERM arrived \(GET \/slow\?ms=3000\) got no answer[\s\S]*Don't kill the workers \(nor exit the primary\) on SIGTERM/],
    ['forks-after-signal.js', SIGTERM, /The primary started a new worker \(pid \d+\) after SIGTERM: once it is stopping, it must fork no more\.[\s\S]*`stopping` flag/],
    // Asleep for good once its workers' kept-alive connections time out, which may be past the deadline: either wording is the same failure (and the next timer may be a connection's, due in under a second).
    ['never-exits.js', SIGTERM, /The program (did not exit within 5 s of SIGTERM: its workers are gone, but (the primary waits for a timer of its own, due in \d+ m?s or more|something of the primary's own keeps it running)\.|did not exit: the program is still running, but idle: no timer is due for \d+ m?s or more, and nothing else will wake it\. It should exit with code 0 within 5 s of SIGTERM\.|was still running 5 s later; it should exit with code 0 within 5 s of SIGTERM\.)/],
    ['deadline-without-unref.js', SIGTERM, /The program did not exit within 5 s of SIGTERM: its workers are gone, but (the primary waits for a timer of its own, due in \d+ m?s or more|something of the primary's own keeps it running)\.[\s\S]*unref\(\)/],
    ['kills-with-sigterm.js', SIGTERM, /Port \d+ still accepted new connections 3 s after SIGTERM, while a request was still in flight: the workers go on listening\.[\s\S]*worker\.kill\(\) sends SIGTERM, which your workers ignore/],
    ['cuts-after-one-second.js', SIGTERM, /The request in flight when SIGTERM arrived \(GET \/slow\?ms=3000\) got no answer[\s\S]*http-terminator and @godaddy\/terminus end the connections still open 1 s after the signal/],
    ['workers-die-on-sigint.js', CTRL_C, /The request in flight when Ctrl-C's SIGINT reached the whole process group \(GET \/slow\?ms=600\) got no answer[\s\S]*process\.on\('SIGINT', \(\) => \{\}\)/],
    ['no-port-default.js', SECOND, /Your workers listen on \d+; PORT was unset, so they should use the default, 8000\./],
    ['no-signal-handler.js', SIGTERM, /Expected "stopping" on stdout after SIGTERM, but the program was killed by SIGTERM without printing it\./],
    ['exits-at-once.js', SIGTERM, /The request in flight when SIGTERM arrived \(GET \/slow\?ms=3000\) got no answer/],
    // On a loaded machine an answer at once may take 100 ms to arrive: the in-flight request then shows it.
    ['slow-is-not-slow.js', new RegExp(`^(${escape(PROBE)}|${escape(SIGTERM)})$`), /GET \/slow\?ms=(100 answered after \d+ ms; expected at least 100 ms\.|3000 answered after \d+ ms, before the check could send the signal)/],
  ])('fails %s', async (name, step, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });
});
