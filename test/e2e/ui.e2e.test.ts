// End to end: the workshop as a learner gets it. `npm pack` (of the build `npm test` has just made),
// installed from the tarball into an empty folder, started in a real pseudo-terminal (tmux, 80×24)
// from another empty folder: it creates the workspace, opens lesson 1, watch mode passes the learner's
// saved solution, the list shows 1 lesson passed, q quits, and the progress is on disk.
// Needs tmux (.ci/run installs it) and the npm registry for the package's dependencies.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { lessonHeading, passedCount } from '../helpers/course.js';

const run = promisify(execFile);
const TMUX = 'tmux';
const SESSION = 'workshop';

const root = mkdtempSync(path.join(os.tmpdir(), 'snw-test-e2e-'));
const installDir = path.join(root, 'install');
const learnerDir = path.join(root, 'learner');
/** Where the pane's shell writes the workshop's exit status. */
const statusFile = path.join(root, 'exit-status');
/** A tmux server of its own, named so a leftover one is caught by the suite's process check. */
const socket = `${path.basename(root)}-tmux`;

// The environment of a learner's terminal: no CI markers (the workshop would print its overview), and
// the node running this suite first on PATH, so npm and the workshop run on it (the version matrix).
const terminalEnv: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
for (const name of ['CI', 'CONTINUOUS_INTEGRATION', 'NO_COLOR', 'FORCE_COLOR', 'NODE_OPTIONS']) delete terminalEnv[name];

const tmux = (...args: string[]) => run(TMUX, ['-L', socket, '-f', '/dev/null', ...args], { env: terminalEnv });
const screen = async () => (await tmux('capture-pane', '-p', '-t', SESSION)).stdout;
const press = (...keys: string[]) => tmux('send-keys', '-t', SESSION, ...keys);

// Waits until the terminal shows the text, reading the screen again whenever it was not there yet,
// until a deadline; fails with what the screen showed last.
async function waitForScreen(expected: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let shown = '';
  for (;;) {
    shown = await screen();
    if (typeof expected === 'string' ? shown.includes(expected) : expected.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`the terminal did not show ${String(expected)} within ${timeoutMs} ms; it showed:\n${shown}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// Waits until the workshop has exited, and returns its exit status. The shell in the pane writes it to a
// file: tmux itself may leave the pane's process unreaped (seen with tmux 3.3 under Node 26's npm), and so
// never learn the status.
async function waitForExit(timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const written = existsSync(statusFile) ? readFileSync(statusFile, 'utf8').trim() : '';
    if (/^\d+$/.test(written)) return Number(written);
    if (Date.now() > deadline) throw new Error(`the workshop had not exited ${timeoutMs} ms after q; the terminal showed:\n${await screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let tarball = '';

beforeAll(async () => {
  try {
    await run(TMUX, ['-V']);
  } catch {
    throw new Error('this test needs tmux (apt-get install -y tmux)');
  }
  mkdirSync(installDir);
  mkdirSync(learnerDir);
  // The build is the one `npm test` has just made; scripts off, so packing does not rebuild dist/
  // under the other tests' feet.
  const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', root], { cwd: repoRoot, env: terminalEnv, maxBuffer: 10 * 1024 * 1024 });
  tarball = path.join(root, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: installDir, env: terminalEnv, maxBuffer: 10 * 1024 * 1024 });
}, 240_000);

afterAll(async () => {
  await tmux('kill-server').catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

describe('the packed workshop in a terminal', () => {
  it('installs with its lessons, solutions and built code, and without dev dependencies', () => {
    const installed = path.join(installDir, 'node_modules', 'scaling-node-workshop');
    for (const file of ['dist/src/cli/bin.js', 'dist/src/cli/main.js', 'dist/lessons/01-hello/check.js', 'lessons/01-hello/README.md', 'lessons/01-hello/starter.js', 'solutions/01-hello.js']) {
      expect(existsSync(path.join(installed, file)), file).toBe(true);
    }
    expect(existsSync(path.join(installed, 'src'))).toBe(false);
    expect(existsSync(path.join(installed, 'test'))).toBe(false);
    for (const devDependency of ['vitest', 'typescript', 'ink-testing-library']) expect(existsSync(path.join(installDir, 'node_modules', devDependency)), devDependency).toBe(false);
  });

  it('creates the workspace, passes lesson 1 in watch mode, shows 1 passed, quits and keeps the progress', async () => {
    expect(readdirSync(learnerDir)).toEqual([]);
    // npx finds the workshop installed in the other folder; the learner's folder stays the current one.
    const command = `npx --prefix '${installDir}' scaling-node-workshop; echo $? > '${statusFile}'`;
    await tmux('new-session', '-d', '-s', SESSION, '-x', '80', '-y', '24', '-c', learnerDir, command, ';', 'set-option', '-t', SESSION, 'remain-on-exit', 'on');

    // No workspace: it offers one in a new folder and says where; nothing is written yet.
    const offer = await waitForScreen('Create it in:');
    expect(offer).toContain(path.join(learnerDir, 'scaling-node-workshop'));
    expect(readdirSync(learnerDir)).toEqual([]);
    await press('Enter');
    await waitForScreen(passedCount(0));
    const workspace = path.join(learnerDir, 'scaling-node-workshop');
    expect(readdirSync(learnerDir)).toEqual(['scaling-node-workshop']);

    // Lesson 1, watched; the learner saves a correct solution.
    await press('Enter');
    await waitForScreen(`${lessonHeading(1)} · Hello World`);
    await waitForScreen('◉ watching');
    copyFileSync(path.join(repoRoot, 'solutions', '01-hello.js'), path.join(workspace, '01-hello.js'));
    const passed = await waitForScreen('✓ Passed');
    expect(passed).toContain(lessonHeading(1));

    // Back to the list: 1 passed, lesson 1 passed, lesson 2 current.
    await press('Escape');
    const list = await waitForScreen(passedCount(1));
    expect(list).toMatch(/✓\s+1\s+Hello World\s+passed/);
    expect(list).toMatch(/●\s+2\s+Arguments\s+current/);

    await press('q');
    expect(await waitForExit()).toBe(0);
    const progress = JSON.parse(readFileSync(path.join(workspace, '.scaling-node-workshop', 'progress.json'), 'utf8')) as { lessons: Record<string, { passedAt?: string }> };
    expect(progress.lessons['lesson-1']?.passedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(progress.lessons['lesson-2']?.passedAt).toBeUndefined();
  }, 120_000);
});
