import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Check } from '../../src/checks/define-check.js';
import { runCheck, type RunCheckOptions } from '../../src/checks/run-check.js';
import { listProcesses, readCommandLine } from '../../src/engine/proc/process-table.js';
import type { VerifyResult } from '../../src/results/verify-result.js';
import { repoRoot } from './paths.js';

// A TMPDIR of a run's own (see verifyMarked).
export const newMarker = (): string => path.join(os.tmpdir(), `snw-test-cleanup-${randomUUID()}`);

// Runs a lesson's check on a fixture with a TMPDIR of its own: every process the program starts inherits it,
// which tells them apart from the same fixture run by another test (or another run of the suite) at the same time.
export async function verifyMarked(lessonDir: string, file: string, options: Partial<RunCheckOptions> = {}, marker = newMarker()): Promise<{ result: VerifyResult; marker: string }> {
  const check = (await import(path.join(repoRoot, 'lessons', lessonDir, 'check.ts'))).default as Check;
  const result = await runCheck(check, { lesson: lessonDir, title: lessonDir, file, baseEnv: { ...process.env, TMPDIR: marker }, ...options });
  return { result, marker };
}

// Every live process (zombies excluded) started with the marker in its environment: after a check, none.
export function runningWith(marker: string): { pid: number; command: string }[] {
  return listProcesses().flatMap((info) => {
    let environ = '';
    try {
      environ = readFileSync(`/proc/${info.pid}/environ`, 'utf8');
    } catch {
      return [];
    }
    if (!environ.split('\0').includes(`TMPDIR=${marker}`)) return [];
    return [{ pid: info.pid, command: readCommandLine(info.pid)?.join(' ') ?? '' }];
  });
}
