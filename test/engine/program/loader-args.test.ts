import { describe, expect, it } from 'vitest';
import { timeouts } from '../../../src/checks/timeouts.js';
import { tsxRegistersInWorkers } from '../../../src/engine/program/loader-args.js';
import { engineFixtures } from '../../helpers/engine-fixtures.js';

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

describe('tsxRegistersInWorkers', () => {
  it.each([
    ['20.19.0', false],
    ['20.20.2', false],
    ['22.12.0', false],
    ['22.22.2', false],
    ['22.22.3', true],
    ['22.23.5', true],
    ['23.11.1', false],
    ['24.10.0', false],
    ['24.11.0', false],
    ['24.11.1', true],
    ['24.22.3', true],
    ['25.0.0', false],
    ['25.1.0', true],
    ['26.0.0', true],
    ['27.1.0', true],
  ] as const)('on Node %s: %s', (version, registers) => {
    expect(tsxRegistersInWorkers(version)).toBe(registers);
  });
});
