import { afterEach } from 'vitest';
import { startProgram, type Program } from '../../src/engine/program/program.js';
import { fixture } from './paths.js';

// Starts engine fixtures by name for one test file, and stops each (with all it started) after its test.
export function engineFixtures(): (name: string) => Program {
  const started: Program[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((program) => program.stop()));
  });
  return (name) => {
    const program = startProgram({ file: fixture('engine', name) });
    started.push(program);
    return program;
  };
}
