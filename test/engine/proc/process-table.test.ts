import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_LINE_CAP_BYTES, readCommandLine, readProcess } from '../../../src/engine/proc/process-table.js';
import { waitUntil } from '../../../src/engine/terminate/wait-until.js';

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
});

// A sleeping process started with these arguments, once it has exec()ed (its command line is its own).
async function sleeper(args: string[]): Promise<number> {
  const child = spawn('perl', ['-e', 'sleep 60', ...args], { stdio: 'ignore' });
  started.push(child.pid!);
  expect(await waitUntil(() => readCommandLine(child.pid!)?.[0] === 'perl', 5_000)).toBe(true);
  return child.pid!;
}

describe('readCommandLine', () => {
  it('reads a command line as its arguments', async () => {
    const pid = await sleeper(['a b', '', 'c']);
    expect(readCommandLine(pid)).toEqual(['perl', '-e', 'sleep 60', 'a b', '', 'c']);
  });

  it('reads at most COMMAND_LINE_CAP_BYTES of it: a program cannot make the workshop read megabytes per child', async () => {
    const pid = await sleeper(['x'.repeat(100_000), 'y'.repeat(100_000)]);
    const read = readCommandLine(pid)!;
    expect(read.slice(0, 3)).toEqual(['perl', '-e', 'sleep 60']);
    expect(read.join('\0').length).toBeLessThanOrEqual(COMMAND_LINE_CAP_BYTES);
    expect(read[3]).toMatch(/^x+$/);
  });

  it('answers undefined for a process that is gone', () => {
    expect(readCommandLine(2 ** 22 + 1)).toBeUndefined();
  });
});

describe('readProcess', () => {
  it("counts a process's threads", () => {
    // This test's own process: node has its main thread and more (libuv's, V8's).
    expect(readProcess(process.pid)!.threads).toBeGreaterThan(1);
  });
});
