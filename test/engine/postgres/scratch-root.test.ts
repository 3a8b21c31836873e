import { existsSync, mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleServerFolders, serverScratchRoot } from '../../../src/engine/postgres/scratch-root.js';

const root = mkdtempSync(path.join(tmpdir(), 'snw-test-scratch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A server folder as a start leaves it: data/postmaster.pid names the postmaster (undefined: not written yet).
function serverFolder(name: string, pid: number | undefined): string {
  const folder = path.join(root, name);
  mkdirSync(path.join(folder, 'data'), { recursive: true });
  if (pid !== undefined) writeFileSync(path.join(folder, 'data', 'postmaster.pid'), `${pid}\n/some/data\n`);
  return folder;
}

describe('server folders', () => {
  it('go to a roomy tmpfs where there is one', () => {
    const scratch = serverScratchRoot();
    if (scratch === '/dev/shm') expect(statfsSync(scratch).type).toBe(0x01021994);
    else expect(scratch).toBe(tmpdir());
  });

  it("of workshops killed outright are removed once an hour old, never while a postmaster holds them", () => {
    const dead = serverFolder('snw-postgres-dead', 2 ** 22 + 1);
    const unstarted = serverFolder('snw-postgres-unstarted', undefined);
    const live = serverFolder('snw-postgres-live', process.pid);
    const other = serverFolder('someone-else', undefined);
    removeStaleServerFolders(root, 'snw-postgres-');
    expect([dead, unstarted, live, other].map(existsSync), 'none is an hour old yet').toEqual([true, true, true, true]);
    removeStaleServerFolders(root, 'snw-postgres-', Date.now() + 61 * 60 * 1000);
    expect([dead, unstarted, live, other].map(existsSync)).toEqual([false, false, true, true]);
  });
});
