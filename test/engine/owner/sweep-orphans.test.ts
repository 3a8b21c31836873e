// The sweep every workshop command starts with: it ends what a workshop that was killed left behind,
// and nothing of a workshop that lives, nor of another pid namespace.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isLive } from '../../../src/engine/proc/process-table.js';
import { ownerTag, ownPidNamespace } from '../../../src/engine/owner/owner.js';
import { describeSwept, sweepOrphans } from '../../../src/engine/owner/sweep-orphans.js';
import { RUN_MARK_VARIABLE } from '../../../src/engine/owner/run-mark.js';
import { waitUntil } from '../../../src/engine/terminate/wait-until.js';
import { fixture } from '../../helpers/paths.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'snw-test-sweep-'));
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// This test process, as a workshop that died: its pid with another start time (a reused pid).
const deadOwner = () => `o${process.pid}_1_${ownPidNamespace()}`;

// A sleeping program carrying a run mark, in a process group of its own (as the workshop starts them).
function marked(mark: string): ChildProcess {
  const child = spawn(process.execPath, [fixture('engine', 'hangs.js')], { env: { ...process.env, [RUN_MARK_VARIABLE]: mark }, detached: true, stdio: 'ignore' });
  started.push(child);
  return child;
}

describe('sweepOrphans', () => {
  it('stops the processes and removes the run folders of a workshop that is gone, and says so', async () => {
    const orphan = marked(`${deadOwner()}_run-a`);
    const folder = path.join(root, `snw-grade-${deadOwner()}_AbC123`);
    mkdirSync(folder);
    expect(await waitUntil(() => isLive(orphan.pid!), 10_000)).toBe(true);
    const swept = sweepOrphans(root);
    expect(swept).toEqual({ processes: 1, folders: 1 });
    expect(describeSwept(swept)).toBe('stopped 1 process and removed 1 folder left by a workshop that was killed');
    expect(await waitUntil(() => !isLive(orphan.pid!), 10_000)).toBe(true);
    expect(existsSync(folder)).toBe(false);
  });

  it("leaves a live workshop's runs, another pid namespace's runs and marks without an owner alone", async () => {
    const ours = marked(`${ownerTag()}_run-b`);
    const otherNamespace = marked(`o${process.pid}_1_${ownPidNamespace() + 1}_run-c`);
    const olderVersion = marked('2f1c7d1e-5b7a-4a55-9c1e-1f0e7b0e2a11');
    const folder = path.join(root, `snw-redis-${ownerTag()}_XyZ789`);
    mkdirSync(folder);
    expect(await waitUntil(() => [ours, otherNamespace, olderVersion].every((child) => isLive(child.pid!)), 10_000)).toBe(true);
    expect(sweepOrphans(root)).toEqual({ processes: 0, folders: 0 });
    expect(describeSwept({ processes: 0, folders: 0 })).toBeUndefined();
    for (const child of [ours, otherNamespace, olderVersion]) expect(isLive(child.pid!)).toBe(true);
    expect(existsSync(folder)).toBe(true);
  });
});
