import { describe, expect, it } from 'vitest';
import { timeouts } from '../../../src/checks/timeouts.js';
import { watchBusy, type Busy } from '../../../src/engine/limits/busy-watch.js';
import { engineFixtures } from '../../helpers/engine-fixtures.js';

const start = engineFixtures();

describe.runIf(process.platform === 'linux')('watchBusy', () => {
  it('says when a program has used the CPU time without printing anything', async () => {
    const program = start('busy-loops.js');
    const busy = await new Promise<Busy>((resolve) => watchBusy(program, resolve, 500));
    expect(busy.cpuMs).toBeGreaterThanOrEqual(500);
    expect(busy.wallMs).toBeGreaterThanOrEqual(busy.cpuMs - 100);
    expect(program.running).toBe(true);
  });

  it('is quiet for a program that prints as it computes, however much CPU it uses', async () => {
    const program = start('computes-and-prints.js');
    let busy: Busy | undefined;
    watchBusy(program, (found) => (busy = found), 300);
    await program.waitForExit({ timeoutMs: timeouts.startMs * 3 });
    expect(program.lines('stdout').length).toBeGreaterThanOrEqual(16);
    expect(busy).toBeUndefined();
  });
});
