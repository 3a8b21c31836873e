import { describe, expect, it } from 'vitest';
import { timeouts } from '../../src/checks/timeouts.js';
import { engineFixtures } from '../helpers/engine-fixtures.js';

// Runs on whichever node runs the tests: `npm run test:matrix` tries every Node of the matrix.
const start = engineFixtures();

describe('loaderArgs: TypeScript', () => {
  it('runs a .ts program whose worker thread is a .ts file, on this Node', async () => {
    const program = start('computes-in-a-ts-worker.ts');
    const exit = await program.waitForExit({ timeoutMs: timeouts.startMs });
    expect(program.lines('stderr')).toEqual([]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(program.lines('stdout')).toEqual(['result fib(20) = 6765']);
  });
});
