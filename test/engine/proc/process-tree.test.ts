import { afterEach, describe, expect, it } from 'vitest';
import { timeouts } from '../../../src/checks/timeouts.js';
import { childrenOf, liveTree } from '../../../src/engine/proc/process-tree.js';
import { startProgram, type Program } from '../../../src/engine/program/program.js';
import { fixture } from '../../helpers/paths.js';

const started: Program[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((program) => program.stop()));
});

describe('process tree from /proc', () => {
  it("lists a process's live children", async () => {
    const program = startProgram({ file: fixture('engine', 'hangs.js') });
    started.push(program);
    await program.waitForLine('stdout', 'ready', { timeoutMs: timeouts.startMs });
    expect(childrenOf(process.pid)).toContain(program.pid);
    expect(childrenOf(program.pid)).toEqual([]);
  });

  it('holds the group and every descendant, also once the leader is gone', async () => {
    const program = startProgram({ file: fixture('engine', 'spawns-grandchild.js') });
    started.push(program);
    const found = await program.waitForLine('stdout', /^grandchild \d+$/, { timeoutMs: timeouts.startMs });
    const grandchild = Number(found.line.split(' ')[1]);
    await program.waitForExit({ timeoutMs: timeouts.startMs });
    expect(liveTree(program.pid)).toEqual([grandchild]);
  });
});
