import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LessonFolder } from '../../src/lessons/lesson-folders.js';
import { findLearnerFile } from '../../src/workspace/learner-file.js';

const signals: LessonFolder = { id: 'lesson-6', number: 6, slug: 'signals', name: '06-signals', dir: '/lessons/06-signals' };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'snw-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const touch = (...names: string[]) => names.forEach((name) => writeFileSync(path.join(dir, name), ''));

describe('findLearnerFile', () => {
  it.each(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'])('finds NN-slug%s', (extension) => {
    touch(`06-signals${extension}`, '05-pid.js');
    expect(findLearnerFile(dir, signals)).toEqual({ file: path.join(dir, `06-signals${extension}`) });
  });

  it('ignores other extensions and other names', () => {
    touch('06-signals.txt', '06-signals.js.bak', '06-signal.js', '6-signals.js', 'signals.js', '06-signals');
    expect(findLearnerFile(dir, signals)).toEqual({ missing: true });
  });

  it('reports several competing files', () => {
    touch('06-signals.ts', '06-signals.js');
    expect(findLearnerFile(dir, signals)).toEqual({ ambiguous: ['06-signals.js', '06-signals.ts'] });
  });

  it('reports a missing folder as a missing file', () => {
    expect(findLearnerFile(path.join(dir, 'nope'), signals)).toEqual({ missing: true });
  });
});
