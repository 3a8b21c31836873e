import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { loadLesson } from '../../src/lessons/load-lesson.js';
import { readProgress } from '../../src/workspace/progress-store.js';
import { lessonDocument } from '../../src/workspace/lesson-document.js';
import { cliPath, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'snw-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const solution = (name: string) => path.join(repoRoot, 'solutions', `${name}.js`);
const lesson = (number: number) => loadLesson(listLessonFolders().find((folder) => folder.number === number)!);

let workspace: string;
beforeAll(async () => {
  workspace = path.join(temp, 'ws');
  expect((await runCli(['init', workspace])).exitCode).toBe(0);
});

describe('show <lesson> (the built binary)', () => {
  it('prints the lesson text as plain markdown when piped: the same text init writes beside the starter', async () => {
    const result = await runCli(['show', '1'], { cwd: workspace });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(`${result.stdout}\n`).toBe(lessonDocument(lesson(1)));
    expect(`${result.stdout}\n`).toBe(readFileSync(path.join(workspace, '01-hello.md'), 'utf8'));
    expect(result.stdout).toMatch(/^# Lesson 1: Hello World$/m);
    expect(result.stdout).toContain('**standard output**');
    expect(result.stdout).not.toMatch(/\x1b\[/);
  });

  it('is also print, and takes any name of the lesson', async () => {
    const [show, print] = await Promise.all([runCli(['show', '6']), runCli(['print', 'signals'])]);
    expect(print.exitCode).toBe(0);
    expect(print.stdout).toBe(show.stdout);
    expect(print.stdout).toMatch(/^# Lesson 6: Signals$/m);
  });

  it('renders the markdown for a terminal when colours are on: styles, not markup', async () => {
    const result = await runCli(['show', '1'], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\x1b\[/);
    const visible = result.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(visible).toContain('Hello World');
    expect(visible).toContain('standard output');
    expect(visible).not.toContain('**standard output**');
  });

  it('refuses an unknown lesson in one line (exit 2)', async () => {
    const result = await runCli(['show', '99']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^scaling-node-workshop: unknown lesson "99"/);
  });
});

describe('lesson names', () => {
  it('hint (like verify) suggests the topic name for a word of a lesson\'s title', async () => {
    for (const command of ['hint', 'verify']) {
      const result = await runCli([command, 'forking'], { cwd: workspace });
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim()).toBe('scaling-node-workshop: unknown lesson "forking"; did you mean cluster-fork (lesson 7, Forking workers)?');
    }
    const byTopic = await runCli(['hint', 'cluster-fork'], { cwd: workspace });
    expect(byTopic.exitCode).toBe(0);
    expect(byTopic.stdout).toMatch(/^Hint 1\//);
  });
});

describe('progress belongs to the workspace\'s own file', () => {
  it('another file that passes says so and records nothing; the workspace\'s own file records the pass', async () => {
    copyFileSync(solution('01-hello'), path.join(workspace, 'other.js'));
    const other = await runCli(['verify', '1', 'other.js'], { cwd: workspace });
    expect(other.exitCode).toBe(0);
    expect(other.stdout).toMatch(/PASSED lesson-1/);
    expect(other.stdout).toContain("other.js passed; your progress is unchanged: it records lesson-1 once the workspace's own 01-hello.js passes.");
    expect(readProgress(workspace).progress.lessons['lesson-1']?.passedAt).toBeUndefined();
    copyFileSync(solution('01-hello'), path.join(workspace, '01-hello.js'));
    const own = await runCli(['verify', '1', './01-hello.js'], { cwd: workspace });
    expect(own.exitCode).toBe(0);
    expect(own.stdout).not.toContain('progress is unchanged');
    expect(readProgress(workspace).progress.lessons['lesson-1']?.passedAt).toBeDefined();
  });
});

describe('run <lesson> prints the command it really runs', () => {
  it('with only the lesson\'s variables, each once: the sample\'s PORT, not a second one', async () => {
    copyFileSync(solution('04-env'), path.join(workspace, '04-env.js'));
    const result = await runCli(['run', '4'], { cwd: workspace });
    expect(result.exitCode).toBe(0);
    expect(result.stderr.split('\n')[0]).toBe('$ PORT=3000 NODE_ENV=production node 04-env.js');
    // The program got what the line says.
    expect(result.stdout).toBe('port 3000\nmode production');
  });

  it('gives a server lesson a free PORT, and says it while the program runs', async () => {
    copyFileSync(solution('08-shared-port'), path.join(workspace, '08-shared-port.js'));
    const run = execa(process.execPath, [cliPath, 'run', '8'], { cwd: workspace, reject: false, env: { NO_COLOR: '1' } });
    let stderr = '';
    await new Promise<void>((resolve) => {
      run.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk;
        if (/press Ctrl-C/.test(stderr)) resolve();
      });
      void run.then(() => resolve());
    });
    run.kill('SIGINT');
    await run;
    const command = /^\$ WORKERS=2 PORT=(\d+) node 08-shared-port\.js$/m.exec(stderr);
    expect(command, stderr).not.toBeNull();
    expect(stderr).toMatch(new RegExp(`\\(pid \\d+, PORT ${command![1]}; press Ctrl-C to stop it\\)`));
  });

  it('gives a lesson without a server no PORT', async () => {
    copyFileSync(solution('03-stdio'), path.join(workspace, '03-stdio.js'));
    const result = await runCli(['run', '3'], { cwd: workspace });
    expect(result.stderr.split('\n')[0]).toBe('$ node 03-stdio.js < sample input');
    expect(result.stderr).not.toContain('PORT');
  });
});
