import path from 'node:path';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-7';
const file = (name: string) => fixture('lessons', `07-cluster-fork/${name}`);
const WORKERS_1 = 'WORKERS=1: 1 worker prints "worker <pid> working!", then the primary exits with code 0';

describe.concurrent('lesson 7: cluster fork', () => {
  it('passes the reference solution: WORKERS=1, WORKERS=3, and unset (one per CPU, from os.availableParallelism())', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '07-cluster-fork.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([
      WORKERS_1,
      'WORKERS=3: 3 workers each print "worker <pid> working!", then the primary exits with code 0',
      `WORKERS unset: one worker per CPU (${availableParallelism()} worker${availableParallelism() === 1 ? '' : 's'} here) each print "worker <pid> working!", then the primary exits with code 0`,
    ]);
  });

  it.each([['commonjs-is-master.cjs'], ['typescript.ts']])('passes %s', async (name) => {
    expectPass(await verifyFile(lesson, file(name)));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '07-cluster-fork', 'starter.js')), WORKERS_1, /No "worker <pid> working!" lines were printed; expected 1 \(WORKERS=1\)/);
  });

  it.each([
    ['ignores-workers-env.js', /2 "worker <pid> working!" lines were printed; expected 1 \(WORKERS=1\)\.[\s\S]*Number\(process\.env\.WORKERS\)/],
    ['primary-exits-before-workers.js', /The primary exited while 1 worker still ran \(pid \d+\): it must exit only once all its workers have exited\.[\s\S]*process\.exit\(\)/],
    ['prints-primary-pid.js', /Pid (\d+) is the primary itself, not a worker/],
    ['prints-worker-id.js', /Pid 1 is not a worker: no child process of the primary \(pid \d+\) has that pid\./],
    ['misspells-the-line.js', /A worker printed "worker \d+ working"; expected "worker <its pid> working!"\./],
  ])('fails %s', async (name, message) => {
    expectFailure(await verifyFile(lesson, file(name)), WORKERS_1, message);
  });
});
