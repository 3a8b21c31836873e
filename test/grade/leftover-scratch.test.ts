import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLive, readProcess } from '../../src/engine/proc/process-table.js';
import { waitUntil } from '../../src/engine/terminate/wait-until.js';
import { removeLeftoverScratch, scratchPrefix } from '../../src/grade/leftover-scratch.js';

const started: ChildProcess[] = [];
const roots: string[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

// A process that sleeps with its working folder in `cwd` (as a sandbox's init and verifier work in their scratch folder).
function sleeperIn(cwd: string): ChildProcess {
  const child = spawn('sleep', ['60'], { cwd, stdio: 'ignore' });
  started.push(child);
  return child;
}

describe('removeLeftoverScratch', () => {
  it("ends what still works in a dead grade's scratch folder, then removes it; a live grade's folder and other processes are left alone", async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'snw-test-leftover-'));
    roots.push(root);
    // This process's pid with another start time: a grade that is gone (its pid reused).
    const dead = path.join(root, `snw-grade-${process.pid}.${(readProcess(process.pid)?.startTicks ?? 0) + 1}-o1_2_3_abcdef`);
    const live = path.join(root, `${scratchPrefix()}o1_2_3_ghijkl`);
    mkdirSync(path.join(dead, 'home'), { recursive: true });
    mkdirSync(live);
    const leftInDead = [sleeperIn(dead), sleeperIn(path.join(dead, 'home'))];
    const inLive = sleeperIn(live);
    const elsewhere = sleeperIn(root);
    expect(await waitUntil(() => [...leftInDead, inLive, elsewhere].every((child) => child.pid !== undefined && isLive(child.pid)), 5_000)).toBe(true);

    expect(removeLeftoverScratch(root)).toBe(1);

    expect(await waitUntil(() => leftInDead.every((child) => !isLive(child.pid!)), 5_000)).toBe(true);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(isLive(inLive.pid!)).toBe(true);
    expect(isLive(elsewhere.pid!)).toBe(true);
  });
});
