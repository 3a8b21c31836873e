import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

// A platform without /proc (macOS, Windows): no process table, no TCP table. The checks fall back to what
// they can see from outside (output, HTTP, exit codes) and say what they could not check.
vi.mock('../../src/engine/proc/process-table.js', async (importOriginal) => ({ ...(await importOriginal<object>()), hasProcTable: false }));
vi.mock('../../src/engine/proc/process-tree.js', () => ({ childrenOf: () => undefined, liveTree: () => undefined, treeOf: (pid: number) => [pid] }));
vi.mock('../../src/engine/proc/tcp-table.js', () => ({ readTcpTable: () => undefined }));

const solution = (name: string) => path.join(repoRoot, 'solutions', `${name}.js`);

describe.concurrent('cluster checks on a platform without /proc', () => {
  it.each([
    ['lesson-7', '07-cluster-fork', /pids were not checked against the process table: this platform has no \/proc/],
    ['lesson-8', '08-shared-port', /answering pids were not checked against the process table/],
    ['lesson-9', '09-restart', /number of live workers was not checked/],
    ['lesson-10', '10-messages', /pids were not checked against the process table/],
    ['lesson-11', '11-shared-state', undefined],
    ['lesson-12', '12-graceful-shutdown', /"in flight" was reached by waiting 250 ms: this platform has no \/proc/],
    ['lesson-13', '13-heap-limit', /command lines were not checked/],
  ])('%s passes the reference solution, noting what it could not check', async (lesson, name, note) => {
    const result = await verifyFile(lesson, solution(name));
    expectPass(result);
    if (note) expect(result.steps.some((step) => note.test(step.title))).toBe(true);
  });

  it('still fails a program that does not restart its workers (from the answers alone)', async () => {
    expectFailure(
      await verifyFile('lesson-9', fixture('lessons', '09-restart/no-restart.js')),
      'SIGKILL worker #1 (from x-worker-pid): the primary prints "<pid> died" and a replacement answers',
      /Only 1 of 2 workers answered/,
    );
  });

  it('still fails a program that drops the request in flight on SIGTERM', async () => {
    expectFailure(await verifyFile('lesson-12', fixture('lessons', '12-graceful-shutdown/kills-in-flight.js')), /^SIGTERM while/, /got no answer/);
  });
});
