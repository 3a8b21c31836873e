import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailure } from '../helpers/expect-failure.js';
import { defineCheck } from '../../src/checks/index.js';
import { runCheck } from '../../src/checks/run-check.js';
import { claimDefaultPort } from '../../src/engine/http/default-port.js';
import { DEFAULT_MEMORY_LIMIT_MB, defaultMemoryLimitMb, setDefaultMemoryLimitMb } from '../../src/engine/limits/memory-watch.js';
import { newMarker, runningWith, verifyMarked } from '../helpers/marked-run.js';
import { fixture } from '../helpers/paths.js';

const helloStep = 'prints "Hello World" to stdout and exits with code 0';

// Every program of this file is held to 128 MB, not the default 512, unless its check names another limit:
// how fast memory comes depends on the machine (a fresh virtual machine gives it some 4 ms of CPU time a MB,
// and less still on a loaded one), and a hog must pass its limit long before the busy watch's 2.5 s of CPU
// time or a step's deadline, however slow, for a test to know which it meets.
beforeAll(() => setDefaultMemoryLimitMb(128));
afterAll(() => setDefaultMemoryLimitMb(DEFAULT_MEMORY_LIMIT_MB));

describe.concurrent('hostile programs fail with what they did, and leave nothing running', () => {
  it.each([
    ['floods-stdout.js', /^The program printed more than 1 MB on stdout in .+; the check stopped it\.$/m],
    ['floods-stderr.js', /^The program printed more than 1 MB on stderr in /m],
    ['floods-both-streams.js', /^The program printed more than 1 MB on std(out|err) in /m],
    ['prints-an-endless-line.js', /^The program printed more than 1 MB on stdout in /m],
    ['echoes-stdin-forever.js', /^The program printed more than 62,500 lines on stdout in /m],
  ])('%s fails as soon as it passes the output cap', async (name, message) => {
    const { result, marker } = await verifyMarked('01-hello', fixture('engine', name));
    expectFailure(result, helloStep, message);
    // The report shows what was printed, cut, and how much there was in all.
    const output = `${result.output?.stdout}\n${result.output?.stderr}`;
    expect(output).toMatch(/… [\d,]+ bytes printed in all \(the check kept the first (1 MB|62,500 lines)\)/);
    for (const line of output.split('\n')) expect(line.length).toBeLessThanOrEqual(240);
    expect(runningWith(marker)).toEqual([]);
  });

  it('busy-loops.js (a core kept busy, no output) fails as busy, whatever the deadline', async () => {
    // A deadline far beyond the busy threshold, so only the evidence can end the wait, however loaded the machine.
    const check = defineCheck(async (t) => {
      await t.step('exits with code 0', async () => {
        await t.expectExit(t.start(), 0, { timeoutMs: 600_000 });
      });
    });
    const marker = newMarker();
    const result = await runCheck(check, { lesson: 'lesson-1', title: 'busy', file: fixture('engine', 'busy-loops.js'), baseEnv: { ...process.env, TMPDIR: marker } });
    expectFailure(result, 'exits with code 0', /^The program kept a core busy for [\d.]+ s of CPU time without printing anything; the check stopped it\.$/m);
    expect(runningWith(marker)).toEqual([]);
  }, 600_000);

  // Lesson 1's way (the program must exit with code 0), with a memory limit and a deadline far beyond it:
  // only the evidence can end the wait.
  const exitsWithin = (memoryLimitMb: number, busyCpuMs?: number) =>
    defineCheck(async (t) => {
      await t.step(helloStep, async () => {
        await t.expectExit(t.start({ memoryLimitMb, busyCpuMs }), 0, { timeoutMs: 600_000 });
      });
    });

  it.each([
    ['allocates-without-end.js', /^The program used more than 128 MB of memory \(\d+ MB [\d.]+ m?s after it started, about \d+ MB a second\); the check stopped it\.$/m],
    ['prints-then-allocates.js', /^The program used more than 128 MB of memory \(\d+ MB [\d.]+ m?s after it started, about \d+ MB a second\); the check stopped it\.$/m],
    [
      'writes-in-a-loop-that-never-yields.js',
      /^The program used more than 128 MB of memory \(.+\); the check stopped it\. It printed [\d.]+ KB \([\d,]+ lines\), then its output stopped arriving while its memory kept growing: it writes faster than its output can be sent\.$/m,
    ],
  ])('%s fails as soon as its memory passes its limit, and says how', async (name, message) => {
    const marker = newMarker();
    const result = await runCheck(exitsWithin(128), { lesson: 'lesson-1', title: 'memory', file: fixture('engine', name), baseEnv: { ...process.env, TMPDIR: marker } });
    expectFailure(result, helloStep, message);
    expect(result.steps.at(-1)?.message).not.toMatch(/without printing anything/);
    expect(runningWith(marker)).toEqual([]);
  }, 600_000);

  it('writes-in-a-loop-that-never-yields.js found spinning below its limit is told the same cause', async () => {
    // No memory limit it could reach, and the busy watch at 1.5 s of CPU time: by then its queued writes
    // hold far more than 128 MB, on a slow machine (some 300 MB) as on a fast one.
    const marker = newMarker();
    const result = await runCheck(exitsWithin(1_000_000, 1_500), { lesson: 'lesson-1', title: 'queued writes', file: fixture('engine', 'writes-in-a-loop-that-never-yields.js'), baseEnv: { ...process.env, TMPDIR: marker } });
    expectFailure(
      result,
      helloStep,
      /^The program kept a core busy for [\d.]+ s of CPU time while its memory grew to \d+ MB \(.+\); the check stopped it\. It printed [\d.]+ KB \([\d,]+ lines\), then its output stopped arriving while its memory kept growing: it writes faster than its output can be sent\.$/m,
    );
    expect(runningWith(marker)).toEqual([]);
  }, 600_000);

  it("a cluster whose workers grow: their memory counts together, and the message says so", async () => {
    const { result, marker } = await verifyMarked('08-shared-port', fixture('cluster', 'workers-allocate-without-end.js'));
    // Lesson 8 expects 3 workers (2 on a machine with 3 cores): the default limit and 32 MB for each.
    const limitMb = defaultMemoryLimitMb() + 32 * (availableParallelism() === 3 ? 2 : 3);
    expectFailure(result, /./, new RegExp(`^The program's \\d processes together used more than ${limitMb} MB of memory \\(`, 'm'));
    expect(runningWith(marker)).toEqual([]);
  });

  it.each(['starts-a-detached-child.js', 'double-forks-a-daemon.js', 'starts-a-child-that-ignores-signals.js', 'stops-itself-on-sigterm.js'])(
    '%s gets a verdict, and cleanup ends every process it started, in whatever session',
    async (name) => {
      const { result, marker } = await verifyMarked('01-hello', fixture('engine', name));
      expect(result.passed).toBe(false);
      expect(result.error).toBeUndefined();
      expect(runningWith(marker)).toEqual([]);
    },
  );

  it('a cluster listening on a port of its own is reported from the socket table', async () => {
    // It listens on 8000, as hard-coded servers do: it takes its turn with the checks that leave PORT unset,
    // which would otherwise find 8000 taken and skip their defaults.
    const claim = await claimDefaultPort({ waitMs: 60_000 });
    if ('busy' in claim) throw new Error(`port 8000: ${claim.busy}`);
    try {
      const { result, marker } = await verifyMarked('08-shared-port', fixture('cluster', 'listens-on-another-port.js'));
      expectFailure(result, /./, /^Your workers listen on 8000; the check set PORT=\d+\.$/m);
      expect(runningWith(marker)).toEqual([]);
    } finally {
      await claim.release();
    }
  }, 120_000);
});
