import { describe, expect, it } from 'vitest';
import { expectFailure } from '../helpers/expect-failure.js';
import { newMarker, runningWith, verifyMarked } from '../helpers/marked-run.js';
import { fixture } from '../helpers/paths.js';

describe.concurrent('cleanup after hostile cluster programs: nothing of theirs is left running', () => {
  it.each([
    [
      'busy-workers.js',
      '07-cluster-fork',
      /WORKERS=1: /,
      // Spinning workers, with a SIGTERM handler that can never run, orphaned by a primary that already exited.
      /The primary exited while 1 worker still ran/,
    ],
    [
      'workers-ignore-sigterm.js',
      '12-graceful-shutdown',
      /^SIGTERM while GET \/slow/,
      // Workers that ignore SIGTERM, SIGINT and disconnect, under a primary that waits for them forever.
      // Asleep for good once their kept-alive connections have timed out, which may be past the deadline; the
      // next timer may then be a connection's, due in under a second ("790 ms").
      /The program (did not exit: the program is still running, but idle: no timer is due for \d+ m?s or more, and nothing else will wake it\. It|was still running 5 s later; it) should exit with code 0 within 5 s of SIGTERM\./,
    ],
    [
      'forks-too-many.js',
      '08-shared-port',
      /workers that answered are the primary's children, and it has no others/,
      /The primary has 24 workers; expected \d \(WORKERS=\d\)\./,
    ],
    [
      'port-in-use.js',
      '08-shared-port',
      // The workers' EADDRINUSE may come before the check's first connect to the primary's port succeeds.
      /^(starts with WORKERS=\d and listens on PORT|every worker answers GET \/)/,
      // Reported as exactly that, at once: not as a timeout of the requests that hang on the primary's port.
      /Port \d+ \(PORT\) was already in use when the program listened on it: .*EADDRINUSE/,
    ],
  ])('%s (checked with %s)', async (name, lesson, step, message) => {
    const { result, marker } = await verifyMarked(lesson, fixture('cluster', name));
    expectFailure(result, step, message);
    expect(runningWith(marker)).toEqual([]);
  });

  it('a program interrupted mid-check (Ctrl-C) leaves nothing running either', async () => {
    const controller = new AbortController();
    const marker = newMarker();
    let runningBeforeCancel = 0;
    const { result } = await verifyMarked(
      '09-restart',
      fixture('cluster', 'workers-ignore-sigterm.js'),
      {
        signal: controller.signal,
        // Cancel once the second step is done: both workers have answered, so the whole tree is up.
        onStepEnd: (step) => {
          if (!step.title.startsWith('both workers answer')) return;
          runningBeforeCancel = runningWith(marker).length;
          controller.abort();
        },
      },
      marker,
    );
    expect(result.cancelled).toBe(true);
    // The marker does find the program's processes while they run: the primary and its 2 workers.
    expect(runningBeforeCancel).toBe(3);
    expect(runningWith(marker)).toEqual([]);
  });
});
