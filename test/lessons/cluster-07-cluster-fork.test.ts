import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism, cpus } from 'node:os';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { verifyResultSchema } from '../../src/results/result-schema.js';
import type { VerifyResult } from '../../src/results/verify-result.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { cliPath, fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-7';
const file = (name: string) => fixture('lessons', `07-cluster-fork/${name}`);
const WORKERS_1 = 'WORKERS=1: 1 worker prints "worker <pid> working!", then the primary exits with code 0';
// One worker per CPU, by either count: os.availableParallelism() or os.cpus().length.
const perCpu = [...new Set([availableParallelism(), cpus().length])].sort((a, b) => a - b);
const unsetTitle = (counts: number[]) =>
  `WORKERS unset: one worker per CPU (${counts.join(' or ')} worker${counts.at(-1) === 1 ? '' : 's'} here) each print "worker <pid> working!", then the primary exits with code 0`;

describe.concurrent('lesson 7: cluster fork', () => {
  it('passes the reference solution: WORKERS=1, WORKERS=3, and unset (one per CPU, from os.availableParallelism())', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '07-cluster-fork.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([
      WORKERS_1,
      'WORKERS=3: 3 workers each print "worker <pid> working!", then the primary exits with code 0',
      unsetTitle(perCpu),
    ]);
  });

  it.each([['commonjs-is-master.cjs'], ['typescript.ts'], ['logs-other-worker-lines.js'], ['forks-os-cpus.js']])('passes %s', async (name) => {
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
    ['primary-prints-for-workers.js', /The primary \(pid \d+\) printed "worker \d+ working!" for its worker: each worker must print its own line\.[\s\S]*'online'/],
    ['misspells-the-line.js', /A worker printed "worker \d+ working"; expected "worker <its pid> working!"\./],
  ])('fails %s', async (name, message) => {
    expectFailure(await verifyFile(lesson, file(name)), WORKERS_1, message);
  });

  it('fails a program that forks one more worker than there are CPUs, by either count', async () => {
    const expected = new RegExp(`${cpus().length + 1} "worker <pid> working!" lines were printed; expected ${perCpu.join(' or ')} \\(WORKERS unset`);
    expectFailure(await verifyFile(lesson, file('forks-one-more-than-cpus.js')), unsetTitle(perCpu), expected);
  });
});

// The first CPU this process may run on (Linux: /proc/self/status), to pin a run to it.
function firstAllowedCpu(): string | undefined {
  const list = /^Cpus_allowed_list:\s*(\d+)/m.exec(existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '');
  return list?.[1];
}
const taskset = ['/usr/bin/taskset', '/bin/taskset'].find((candidate) => existsSync(candidate));
const oneCpu = firstAllowedCpu();

// Pinned to one core of a machine with more, os.availableParallelism() is 1 while os.cpus().length counts
// them all: both counts must pass, and nothing else. `verify` (the built binary) runs pinned, and so does the
// program it starts, which inherits the affinity.
describe.concurrent.skipIf(taskset === undefined || oneCpu === undefined || cpus().length < 2)('lesson 7 on one core of several (taskset)', () => {
  const verifyOnOneCore = async (program: string): Promise<VerifyResult> => {
    const result = await execa(taskset!, ['-c', oneCpu!, process.execPath, cliPath, 'verify', lesson, program, '--json'], { reject: false, timeout: 60_000, env: { NO_COLOR: '1' } });
    return verifyResultSchema.parse(JSON.parse(String(result.stdout)));
  };
  const bothCounts = [1, cpus().length];

  it.each([['forks-os-cpus.js'], ['logs-other-worker-lines.js']])('passes %s', async (name) => {
    const result = await verifyOnOneCore(file(name));
    expectPass(result);
    expect(result.steps.at(-1)?.title).toBe(unsetTitle(bothCounts));
  });

  it('passes the reference solution, which forks os.availableParallelism() workers (1 here)', async () => {
    expectPass(await verifyOnOneCore(path.join(repoRoot, 'solutions', '07-cluster-fork.js')));
  });

  it('fails a program that forks a count neither of them gives, saying both', async () => {
    expectFailure(
      await verifyOnOneCore(file('forks-one-more-than-cpus.js')),
      unsetTitle(bothCounts),
      new RegExp(`${cpus().length + 1} "worker <pid> working!" lines were printed; expected 1 or ${cpus().length} \\(WORKERS unset \\(one per CPU: os\\.availableParallelism\\(\\) is 1 here, os\\.cpus\\(\\)\\.length ${cpus().length}\\)\\)`),
    );
  });
});
