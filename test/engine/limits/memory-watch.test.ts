import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_LIMIT_MB, defaultMemoryLimitMb, setDefaultMemoryLimitMb } from '../../../src/engine/limits/memory-watch.js';
import { startProgram, type Program } from '../../../src/engine/program/program.js';
import { fixture } from '../../helpers/paths.js';

const started: Program[] = [];
afterEach(async () => {
  setDefaultMemoryLimitMb(DEFAULT_MEMORY_LIMIT_MB);
  await Promise.all(started.splice(0).map((program) => program.stop()));
});

describe('the default memory limit', () => {
  it('is 512 MB until grade sets another (its --memory), and a check that names a limit keeps its own', () => {
    expect(defaultMemoryLimitMb()).toBe(512);
    setDefaultMemoryLimitMb(1024);
    const byDefault = startProgram({ file: fixture('engine', 'exits-early.js') });
    const named = startProgram({ file: fixture('engine', 'exits-early.js'), memoryLimitMb: 600 });
    started.push(byDefault, named);
    expect(byDefault.memoryLimitMb).toBe(1024);
    expect(named.memoryLimitMb).toBe(600);
  });
});
