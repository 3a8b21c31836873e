import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { cliPath, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { lessonCount, passedCount } from '../helpers/course.js';

const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe.concurrent('commands (the built binary)', () => {
  it.each([['--help'], ['-h'], ['help'], ['verify', '--help']])('%s prints the usage and exits 0', async (...args) => {
    const result = await runCli(args);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage:$/m);
    expect(result.stdout).toMatch(/scaling-node-workshop verify <lesson> \[file\]/);
    expect(result.stderr).toBe('');
  });

  it.each([['--version'], ['-v']])('%s prints the version', async (flag) => {
    const result = await runCli([flag]);
    expect(result).toMatchObject({ exitCode: 0, stdout: version, stderr: '' });
  });

  it('refuses an unknown command (exit 2)', async () => {
    const result = await runCli(['verfy', '1']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^scaling-node-workshop: unknown command "verfy" \(commands: .*verify.*\)$/);
  });

  it('refuses an unknown option (exit 2)', async () => {
    const result = await runCli(['list', '--colour']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^scaling-node-workshop: Unknown option '--colour'$/);
  });

  it('list --json lists every lesson in order, outside a workspace', async () => {
    const result = await runCli(['list', '--json'], { cwd: path.parse(repoRoot).root });
    expect(result.exitCode).toBe(0);
    const listed = JSON.parse(result.stdout) as { workspace: string | null; lessons: { id: string; number: number; slug: string; title: string; summary: string; passed: boolean }[] };
    expect(listed.workspace).toBeNull();
    expect(listed.lessons.map((lesson) => lesson.id)).toEqual(listLessonFolders().map((folder) => folder.id));
    expect(listed.lessons).toHaveLength(lessonCount);
    expect(listed.lessons[5]).toMatchObject({ id: 'lesson-6', number: 6, slug: 'signals', title: 'Signals', passed: false });
    for (const lesson of listed.lessons) {
      expect(lesson.title).not.toBe('');
      expect(lesson.summary).not.toBe('');
    }
  });

  it('list prints one line per lesson', async () => {
    const result = await runCli(['list'], { cwd: path.parse(repoRoot).root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Scaling Node {2}${passedCount(0)}$`, 'm'));
    expect(result.stdout).toMatch(/^· {2}6 {2}Signals/m);
  });

  it('run --solution shows the sample run: the command, the output and how it ended', async () => {
    const result = await runCli(['run', '3', '--solution'], { cwd: repoRoot });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('2\n5\n-6\n20');
    expect(result.stderr).toMatch(/^\$ node solutions\/03-stdio\.js < sample input$/m);
    expect(result.stderr).toMatch(/^you're doing it wrong: abc$/m);
    expect(result.stderr).toMatch(/\(the program exited with code 1\)$/);
  });

  it('is quiet when the reader of its output goes away (list | head -1)', async () => {
    const result = await execa('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cliPath}" list | head -1`], { reject: false, env: { NO_COLOR: '1' }, cwd: path.parse(repoRoot).root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Scaling Node/);
    expect(result.stdout.split('\n')).toHaveLength(1);
    expect(result.stderr).toBe('');
  });

  it('ends quietly with code 0 on EPIPE: its stdout is closed before it writes', async () => {
    const child = execa(process.execPath, [cliPath, 'list'], { reject: false, env: { NO_COLOR: '1' }, buffer: { stdout: false }, cwd: path.parse(repoRoot).root });
    child.stdout.destroy();
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(String(result.stderr)).toBe('');
  });
});
