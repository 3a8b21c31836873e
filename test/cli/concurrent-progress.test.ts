// Two terminals and the UI's watch mode may verify in one workspace at the same moment: every pass lands.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { readProgress } from '../../src/workspace/progress-store.js';
import { progressFile } from '../../src/workspace/workspace-paths.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const ROUNDS = 20;
const workspace = mkdtempSync(path.join(os.tmpdir(), 'snw-test-concurrent-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
// The six lessons whose checks are quickest, solved in the workspace.
const lessons = listLessonFolders().slice(0, 6);

it(`six verifies at once in one workspace, ${ROUNDS} times: every pass is recorded`, async () => {
  expect((await runCli(['init', workspace])).exitCode).toBe(0);
  for (const lesson of lessons) copyFileSync(path.join(repoRoot, 'solutions', `${lesson.name}.js`), path.join(workspace, `${lesson.name}.js`));
  for (let round = 1; round <= ROUNDS; round++) {
    rmSync(progressFile(workspace), { force: true });
    const results = await Promise.all(lessons.map((lesson) => runCli(['verify', lesson.id], { cwd: workspace })));
    for (const result of results) expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const { progress, warning } = readProgress(workspace);
    expect(warning).toBeUndefined();
    expect(Object.keys(progress.lessons).filter((id) => progress.lessons[id]!.passedAt).sort(), `round ${round}`).toEqual(lessons.map((lesson) => lesson.id).sort());
  }
}, 600_000);
