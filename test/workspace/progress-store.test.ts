import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ownerTag, ownPidNamespace } from '../../src/engine/owner/owner.js';
import { repoRoot } from '../helpers/paths.js';
import { hasPassed, markPassed, readProgress, updateLessonProgress, writeProgress } from '../../src/workspace/progress-store.js';
import { progressFile, WORKSPACE_MARKER } from '../../src/workspace/workspace-paths.js';

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'snw-test-'));
  mkdirSync(path.join(workspace, WORKSPACE_MARKER));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const markerFiles = () => readdirSync(path.join(workspace, WORKSPACE_MARKER)).sort();

describe('progress store', () => {
  it('reads a missing file as no progress, without a warning', () => {
    expect(readProgress(workspace)).toEqual({ progress: { version: 1, lessons: {} } });
    expect(markerFiles()).toEqual([]);
  });

  it('writes progress that reads back the same, and leaves no temporary file', () => {
    const progress = { version: 1 as const, lessons: { 'lesson-2': { passedAt: '2026-01-01T00:00:00.000Z', hintsShown: 1 } } };
    writeProgress(workspace, progress);
    expect(readProgress(workspace)).toEqual({ progress });
    expect(markerFiles()).toEqual(['progress.json']);
    expect(JSON.parse(readFileSync(progressFile(workspace), 'utf8'))).toEqual(progress);
  });

  it('creates the marker folder when it writes', () => {
    rmSync(path.join(workspace, WORKSPACE_MARKER), { recursive: true });
    writeProgress(workspace, { version: 1, lessons: {} });
    expect(markerFiles()).toEqual(['progress.json']);
  });

  it('refuses to write progress that does not fit the schema', () => {
    expect(() => writeProgress(workspace, { version: 1, lessons: { nope: { hintsShown: 0 } } })).toThrow();
    expect(markerFiles()).toEqual([]);
  });

  it('marks a lesson passed once, keeping the first time', () => {
    markPassed(workspace, 'lesson-3', new Date('2026-01-01T00:00:00Z'));
    const { progress } = markPassed(workspace, 'lesson-3', new Date('2026-02-01T00:00:00Z'));
    expect(progress.lessons['lesson-3']?.passedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(hasPassed(readProgress(workspace).progress, 'lesson-3')).toBe(true);
    expect(hasPassed(readProgress(workspace).progress, 'lesson-4')).toBe(false);
  });

  it('updates one lesson and keeps the others', () => {
    markPassed(workspace, 'lesson-1');
    updateLessonProgress(workspace, 'lesson-2', (entry) => ({ ...entry, hintsShown: entry.hintsShown + 1 }));
    const { progress } = readProgress(workspace);
    expect(Object.keys(progress.lessons).sort()).toEqual(['lesson-1', 'lesson-2']);
    expect(progress.lessons['lesson-2']).toEqual({ hintsShown: 1 });
  });

  it.each([
    ['not JSON', '{ "version": 1, ', /is not valid JSON/],
    ['JSON of another shape', '{"version": 7, "lessons": {}}', /is not in the expected format \(version: /],
  ])('keeps a corrupt file (%s) as a backup, starts a new one, and warns', (_, text, problem) => {
    writeFileSync(progressFile(workspace), text);
    const { progress, warning } = readProgress(workspace);
    expect(progress).toEqual({ version: 1, lessons: {} });
    expect(warning).toMatch(problem);
    const files = markerFiles();
    expect(files).toHaveLength(2);
    const backup = files.find((name) => name.startsWith('progress.json.corrupt-'))!;
    expect(readFileSync(path.join(workspace, WORKSPACE_MARKER, backup), 'utf8')).toBe(text);
    expect(warning).toContain(`kept as ${path.join(workspace, WORKSPACE_MARKER, backup)}`);
    expect(readProgress(workspace)).toEqual({ progress: { version: 1, lessons: {} } });
  });

  it('sets an unreadable progress file aside too', () => {
    // A folder where the file should be cannot be read as one (EISDIR), whoever runs the test.
    mkdirSync(progressFile(workspace));
    const { progress, warning } = readProgress(workspace);
    expect(progress).toEqual({ version: 1, lessons: {} });
    expect(warning).toMatch(/cannot be read \(EISDIR\); it was kept as .*progress\.json\.corrupt-/);
    expect(markerFiles().filter((name) => name.startsWith('progress.json.corrupt-'))).toHaveLength(1);
    expect(readProgress(workspace).warning).toBeUndefined();
  });

  it('marks a lesson passed even when the old file was corrupt, and says so', () => {
    writeFileSync(progressFile(workspace), 'garbage');
    const { warning } = markPassed(workspace, 'lesson-1');
    expect(warning).toMatch(/is not valid JSON/);
    expect(hasPassed(readProgress(workspace).progress, 'lesson-1')).toBe(true);
  });
});

describe('progress updates from several workshops at once', () => {
  it('takes over a lock whose owner is gone, records the pass and leaves no lock behind', () => {
    // This process as a workshop that died holding the lock: its pid with another start time.
    const lockFile = `${progressFile(workspace)}.lock`;
    writeFileSync(lockFile, `o${process.pid}_1_${ownPidNamespace()}`);
    markPassed(workspace, 'lesson-1', new Date('2026-02-01T00:00:00.000Z'));
    expect(hasPassed(readProgress(workspace).progress, 'lesson-1')).toBe(true);
    expect(markerFiles()).toEqual(['progress.json']);
  });

  it('waits for a live holder, then records on top of what it wrote', () => {
    const lockFile = `${progressFile(workspace)}.lock`;
    writeFileSync(lockFile, ownerTag());
    // Another workshop records lesson-3 while this one (alive) holds the lock. It says "ready" just before it
    // tries; only then does the holder write its own change (over the whole file) and let go. Without the lock
    // the other write would land first and be overwritten.
    const script = `const store = await import(${JSON.stringify(path.join(repoRoot, 'src/workspace/progress-store.ts'))}); console.log('ready'); store.markPassed(${JSON.stringify(workspace)}, 'lesson-3');`;
    return new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], cwd: repoRoot });
      child.stdout.once('data', () => {
        writeProgress(workspace, { version: 1, lessons: { 'lesson-2': { passedAt: '2026-02-01T00:00:00.000Z', hintsShown: 0 } } });
        rmSync(lockFile);
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        try {
          expect(code).toBe(0);
          const { progress } = readProgress(workspace);
          expect(Object.keys(progress.lessons).sort()).toEqual(['lesson-2', 'lesson-3']);
          expect(markerFiles()).toEqual(['progress.json']);
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
  });
});
