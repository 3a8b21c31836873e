import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressSchema } from '../../src/workspace/progress-schema.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { courseFolders, lastLesson, lessonCount, passedCount } from '../helpers/course.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'snw-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const starterNames = courseFolders.map((lesson) => `${lesson.name}.js`);
const solution = (name: string) => readFileSync(path.join(repoRoot, 'solutions', name), 'utf8');
const starter = (name: string) => readFileSync(path.join(repoRoot, 'lessons', name, 'starter.js'), 'utf8');

// A fresh workspace made by the built binary's `init`.
async function newWorkspace(name: string): Promise<string> {
  const result = await runCli(['init', name], { cwd: temp });
  expect(result.exitCode, result.stderr).toBe(0);
  return path.join(temp, name);
}

describe('init (the built binary)', () => {
  it('creates a workspace with every lesson\'s starter and a module package.json', async () => {
    const result = await runCli(['init', 'fresh'], { cwd: temp });
    const workspace = path.join(temp, 'fresh');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Workspace: ${workspace}`);
    expect(result.stdout).toMatch(new RegExp(`Created ${lessonCount + 1} starter files: package\\.json, 01-hello\\.js, .*${lastLesson.name}\\.js\\n`));
    expect(result.stdout).toMatch(new RegExp(`Created ${lessonCount} lesson texts: 01-hello\\.md, .*${lastLesson.name}\\.md`));
    const textNames = courseFolders.map((lesson) => `${lesson.name}.md`);
    expect(readdirSync(workspace).sort()).toEqual(['.scaling-node-workshop', 'package.json', ...starterNames, ...textNames].sort());
    for (const lesson of courseFolders) expect(readFileSync(path.join(workspace, `${lesson.name}.js`), 'utf8')).toBe(starter(lesson.name));
    expect(result.stdout).toMatch(/cd fresh\n  npm install +installs redis, pg \(the Redis and PostgreSQL clients of lessons 14 and 15\)\n/);
    // Run under npm (as vitest is), the commands are written the way that runs from the learner's shell.
    expect(result.stdout).toMatch(/^  npx scaling-node-workshop +open the workshop$/m);
    expect(result.stdout).toMatch(/^  npx scaling-node-workshop show 1 +the text of lesson 1 \(also in 01-hello\.md\)$/m);
    expect(result.stdout).toMatch(/^  npx scaling-node-workshop verify 1 +check 01-hello\.js$/m);
  });

  it('never overwrites: a second init keeps every file as it is', async () => {
    const workspace = await newWorkspace('twice');
    writeFileSync(path.join(workspace, '01-hello.js'), 'my work');
    rmSync(path.join(workspace, '02-argv.js'));
    writeFileSync(path.join(workspace, '02-argv.ts'), 'my typescript');
    const result = await runCli(['init', 'twice'], { cwd: temp });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toMatch(/Created/);
    expect(result.stdout).toMatch(new RegExp(`Kept ${lessonCount + 1} existing files: package\\.json, 01-hello\\.js, 02-argv\\.ts, `));
    expect(result.stdout).toMatch(new RegExp(`Kept ${lessonCount} existing lesson texts: 01-hello\\.md, `));
    expect(readFileSync(path.join(workspace, '01-hello.js'), 'utf8')).toBe('my work');
    expect(existsSync(path.join(workspace, '02-argv.js'))).toBe(false);
  });

  it('says in one line when it cannot create the folder (exit 2)', async () => {
    writeFileSync(path.join(temp, 'a-file'), '');
    const result = await runCli(['init', 'a-file/inside'], { cwd: temp });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^scaling-node-workshop: cannot create a workspace in .*a-file\/inside: (ENOTDIR|EEXIST)$/);
  });
});

describe('a learner in a workspace (the built binary)', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await newWorkspace('learner');
  });

  it('verify 1 checks 01-hello.js, and records the pass in progress.json', async () => {
    const failed = await runCli(['verify', '1'], { cwd: workspace });
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(/FAILED lesson-1/);
    expect(existsSync(path.join(workspace, '.scaling-node-workshop', 'progress.json'))).toBe(false);

    const solutionRefused = await runCli(['solution', '1'], { cwd: workspace });
    expect(solutionRefused.exitCode).toBe(1);
    expect(solutionRefused.stdout).toBe('');
    expect(solutionRefused.stderr).toMatch(/^scaling-node-workshop: the solution of lesson-1 opens once you pass it \(npx scaling-node-workshop verify 1\)/);

    writeFileSync(path.join(workspace, '01-hello.js'), solution('01-hello.js'));
    mkdirSync(path.join(workspace, 'notes'));
    // From a subfolder too: the workspace is found above it.
    const passed = await runCli(['verify', 'hello'], { cwd: path.join(workspace, 'notes') });
    expect(passed.exitCode, passed.stdout).toBe(0);
    expect(passed.stdout).toMatch(/PASSED lesson-1/);
    const progress = progressSchema.parse(JSON.parse(readFileSync(path.join(workspace, '.scaling-node-workshop', 'progress.json'), 'utf8')));
    expect(progress.lessons['lesson-1']?.passedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const shown = await runCli(['solution', '1'], { cwd: workspace });
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toBe(solution('01-hello.js').replace(/\n$/, ''));

    const listed = JSON.parse((await runCli(['list', '--json'], { cwd: workspace })).stdout) as { workspace: string; lessons: { id: string; passed: boolean }[] };
    expect(listed.workspace).toBe(workspace);
    expect(listed.lessons.filter((lesson) => lesson.passed).map((lesson) => lesson.id)).toEqual(['lesson-1']);
  });

  it('hint 1 shows the next hint each time, then stays on the last', async () => {
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await runCli(['hint', '1'], { cwd: workspace });
      expect(result.exitCode).toBe(0);
      texts.push(result.stdout);
    }
    expect(texts[0]).toMatch(/^Hint 1\/3: Which function prints\?/);
    expect(texts[1]).toMatch(/^Hint 2\/3: console\.log or process\.stdout\.write/);
    expect(texts[2]).toMatch(/^Hint 3\/3: One line, no exit call[\s\S]*That was the last hint\.$/);
    expect(texts[3]).toBe(texts[2]);
  });

  it('run 3 runs 03-stdio.js on the sample input and shows its output', async () => {
    writeFileSync(path.join(workspace, '03-stdio.js'), solution('03-stdio.js'));
    const result = await runCli(['run', '3'], { cwd: workspace });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('2\n5\n-6\n20');
    // Lesson 3 has no server: no PORT, nothing but what the program gets.
    expect(result.stderr).toMatch(/^\$ node 03-stdio\.js < sample input$/m);
    expect(result.stderr).toMatch(/^you're doing it wrong: abc$/m);
    expect(result.stderr).toMatch(/\(the program exited with code 1\)$/);
  });

  it('verify 2 finds a TypeScript file and refuses two competing files', async () => {
    const argv = path.join(workspace, '02-argv');
    rmSync(`${argv}.js`);
    copyFileSync(path.join(repoRoot, 'solutions', '02-argv.js'), `${argv}.ts`);
    const passed = await runCli(['verify', '2'], { cwd: workspace });
    expect(passed.exitCode, passed.stdout).toBe(0);
    writeFileSync(`${argv}.mjs`, '');
    const ambiguous = await runCli(['verify', '2'], { cwd: workspace });
    expect(ambiguous.exitCode).toBe(2);
    expect(ambiguous.stderr).toMatch(/^scaling-node-workshop: several files for lesson-2 in .*: 02-argv\.mjs, 02-argv\.ts; keep one, or name the file$/);
  });
});

describe('a corrupt progress file (the built binary)', () => {
  it('is kept as a backup with a warning, and the workshop still works', async () => {
    const workspace = await newWorkspace('corrupt');
    const marker = path.join(workspace, '.scaling-node-workshop');
    writeFileSync(path.join(marker, 'progress.json'), '{ "version": 1, "lessons": { oops');
    const listed = await runCli(['list'], { cwd: workspace });
    expect(listed.exitCode).toBe(0);
    expect(listed.stderr).toMatch(/^scaling-node-workshop: the progress file .*progress\.json is not valid JSON; it was kept as .*progress\.json\.corrupt-.*, and a new one was started$/);
    expect(listed.stdout).toContain(passedCount(0));
    const backups = readdirSync(marker).filter((name) => name.startsWith('progress.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(marker, backups[0]!), 'utf8')).toBe('{ "version": 1, "lessons": { oops');

    writeFileSync(path.join(marker, 'progress.json'), '[]');
    writeFileSync(path.join(workspace, '01-hello.js'), solution('01-hello.js'));
    const verified = await runCli(['verify', '1'], { cwd: workspace });
    expect(verified.exitCode).toBe(0);
    expect(verified.stderr).toMatch(/is not in the expected format/);
    expect(readdirSync(marker).filter((name) => name.startsWith('progress.json.corrupt-'))).toHaveLength(2);
    expect(progressSchema.parse(JSON.parse(readFileSync(path.join(marker, 'progress.json'), 'utf8'))).lessons['lesson-1']?.passedAt).toBeDefined();
  });
});
