import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listProcesses, readCommandLine } from '../../../src/engine/proc/process-table.js';
import { markPassed, readProgress, updateLessonProgress } from '../../../src/workspace/progress-store.js';
import { repoRoot } from '../../helpers/paths.js';
import { keys, removeFolder, renderApp, tempWorkspace } from '../render-app.js';
import { lastLesson, lessonCount, lessonHeading, passedCount } from '../../helpers/course.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const solution = (name: string) => path.join(repoRoot, 'solutions', `${name}.js`);
const starter = (name: string) => readFileSync(path.join(repoRoot, 'lessons', name, 'starter.js'), 'utf8');

// A program for lesson 6 that never says its pid: the check waits for it until cancelled.
// Prints nothing and wakes every 50 ms: never asleep with nothing due, so a check waits its whole deadline
// for the pid line (a program asleep until a far timer would be judged at once, and the check be over).
const SILENT_AWAKE = 'setInterval(() => {}, 50);\n';

// Processes running a file of this workspace.
function programsIn(workspace: string): number[] {
  return listProcesses()
    .filter((info) => info.pid !== process.pid && (readCommandLine(info.pid)?.join(' ') ?? '').includes(workspace))
    .map((info) => info.pid);
}

async function openLesson(number: number, options: { instructor?: boolean; columns?: number; rows?: number; workspace?: string | null } = {}) {
  const workspace = options.workspace === null ? undefined : (options.workspace ?? tempWorkspace());
  const app = renderApp({ workspace, cwd: workspace ? path.dirname(workspace) : repoRoot, instructor: options.instructor, columns: options.columns, rows: options.rows });
  cleanups.push(() => {
    if (workspace) removeFolder(workspace);
  });
  cleanups.push(app.close);
  if (!workspace) {
    await app.waitFor('continue without');
    app.press('c');
  }
  await app.waitFor(`/${lessonCount} passed`);
  app.press('j'.repeat(number - 1), keys.enter);
  await app.waitFor(lessonHeading(number));
  return { app, workspace: workspace! };
}

describe('lesson screen', () => {
  it('shows the lesson, its instructions rendered from markdown, the learner file and the keys', async () => {
    const { app, workspace } = await openLesson(1);
    const screen = app.frame();
    expect(screen).toContain(`${lessonHeading(1)} · Hello World`);
    expect(screen).toContain('not passed yet');
    expect(screen).toContain(`Your file: ./${path.basename(workspace)}/01-hello.js`);
    // Paragraph text reflowed, inline code marked (no colours in tests), no markdown syntax left.
    expect(screen).toContain('A Node program is just a file that you hand to the `node` command.');
    expect(screen).not.toContain('**');
    for (const key of ['v verify', 'r run', 'h hint', 's solution', 'x reset file', 'n next', 'esc l list', 'q quit']) expect(screen).toContain(key);
    await app.waitFor(/1–\d+ of \d+/);
    for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(screen.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('scrolls instructions longer than the screen', async () => {
    const { app } = await openLesson(1);
    expect(app.frame()).not.toContain('## Your program');
    app.press(keys.pageDown);
    await app.waitFor(/\b1[5-9]–\d+ of \d+/);
    app.press('G');
    const end = await app.waitFor((screen) => /(\d+)–(\d+) of \2\b/.test(screen));
    expect(end).toContain('scaling-node-workshop verify 1');
    app.press('g');
    await app.waitFor(/\b1–\d+ of/);
    app.press('j');
    await app.waitFor(/\b2–\d+ of/);
    app.press('k');
    await app.waitFor(/\b1–\d+ of/);
  });

  it('verifies the file with v: steps live, then what was expected, what happened, the hint and the output', async () => {
    const { app, workspace } = await openLesson(1);
    app.press('v');
    const screen = await app.waitFor('Not yet');
    expect(screen).toContain('Checking ./');
    expect(screen).toMatch(/✗ prints "Hello World" to stdout and exits with code 0 \(\d+ ms\)/);
    expect(screen).toContain('Nothing was printed to stdout');
    expect(screen).toContain('- Hello World');
    expect(screen).toContain('+ (no output)');
    expect(screen).toContain('try: console.log("Hello World")');
    expect(screen).toContain('(the program printed nothing)');
    expect(readProgress(workspace).progress.lessons['lesson-1']?.passedAt).toBeUndefined();
  });

  it('shows the last check\'s verdict in the header, never "passed" beside a failure', async () => {
    const workspace = tempWorkspace();
    markPassed(workspace, 'lesson-1');
    const app = renderApp({ workspace, cwd: path.dirname(workspace) });
    cleanups.push(() => removeFolder(workspace), app.close);
    await app.waitFor(passedCount(1));
    // The cursor starts on lesson 2, the one to do next: back to lesson 1.
    app.press('g', keys.enter);
    await app.waitFor(lessonHeading(1));
    expect(app.frame()).toMatch(new RegExp(`${lessonHeading(1)} · Hello World\\s+✓ passed`));
    // The file is the starter again (say, after a reset): the check fails, and the header says so.
    app.press('v');
    const screen = await app.waitFor('Not yet');
    expect(screen).toMatch(new RegExp(`${lessonHeading(1)} · Hello World\\s+✗ not yet \\(passed before\\)`));
    expect(screen).not.toContain('✓ passed');
    writeFileSync(path.join(workspace, '01-hello.js'), readFileSync(solution('01-hello'), 'utf8'));
    app.press('v');
    const passed = await app.waitFor('✓ Passed');
    expect(passed).toMatch(new RegExp(`${lessonHeading(1)} · Hello World\\s+✓ passed`));
  });

  it('in a 40×12 terminal shows the title, the first lines of the text and the keys', async () => {
    const workspace = tempWorkspace();
    const app = renderApp({ workspace, cwd: path.dirname(workspace), columns: 40, rows: 12 });
    cleanups.push(() => removeFolder(workspace), app.close);
    await app.waitFor(passedCount(0));
    app.press('jjj', keys.enter);
    const screen = await app.waitFor(/1–\d+ of \d+/);
    const lines = screen.split('\n');
    expect(lines.length).toBeLessThanOrEqual(12);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines[0]).toContain(`4/${lessonCount} · Environment variables`);
    expect(screen).toContain('not passed yet');
    // At least four lines of the lesson's own text, from its first words on.
    const first = lines.findIndex((line) => line.includes('Besides its arguments'));
    expect(first).toBeGreaterThan(0);
    expect(lines.slice(first, first + 4).every((line) => line.trim().length > 0 && !/ verify | quit/.test(line))).toBe(true);
    expect(screen).toContain('v verify');
    expect(screen).toContain('q quit');
  });

  it('shows no PORT for a lesson without a server when it runs the program', async () => {
    const { app, workspace } = await openLesson(3);
    copyFileSync(solution('03-stdio'), path.join(workspace, '03-stdio.js'));
    app.press('r');
    const screen = await app.waitFor('(the program exited with code 1)');
    // The command as typed where the workshop was started (here the workspace's parent folder).
    expect(screen).toContain(`$ node ${path.basename(workspace)}/03-stdio.js < sample input`);
    expect(screen).not.toContain('PORT');
  });

  it('shows stdout and stderr of a failing program apart', async () => {
    const { app, workspace } = await openLesson(1);
    writeFileSync(path.join(workspace, '01-hello.js'), 'console.log("hello world");\nconsole.error("oops");\n');
    app.press('v');
    const screen = await app.waitFor('Not yet');
    expect(screen).toContain('- Hello World');
    expect(screen).toContain('+ hello world');
    expect(screen).toMatch(/stdout \(last lines\):\n\s+hello world/);
    expect(screen).toMatch(/stderr \(last lines\):\n\s+oops/);
  });

  it('marks a pass in the shared progress, offers the solution and the next lesson, and stays', async () => {
    const { app, workspace } = await openLesson(1);
    copyFileSync(solution('01-hello'), path.join(workspace, '01-hello.js'));
    app.press('v');
    const screen = await app.waitFor('✓ Passed');
    expect(screen).toMatch(/✓ prints "Hello World" to stdout and exits with code 0 \(\d+ ms\)/);
    expect(screen).toContain('n next lesson');
    expect(screen).toContain('s compare with the reference solution');
    expect(screen).toContain('✓ passed');
    expect(screen).toContain(lessonHeading(1));
    expect(readProgress(workspace).progress.lessons['lesson-1']?.passedAt).toMatch(/^\d{4}-/);
    app.press('s');
    await app.waitFor("console.log('Hello World');");
    expect(app.frame()).toContain('Reference solution');
  });

  it('keeps the solution closed until the lesson is passed', async () => {
    const { app } = await openLesson(1);
    app.press('s');
    await app.waitFor('The reference solution opens once you pass this lesson.');
    expect(app.frame()).not.toContain('Reference solution');
  });

  it('shows the next hint with h and shares the count with the CLI', async () => {
    const { app, workspace } = await openLesson(1);
    app.press('h');
    let screen = await app.waitFor('Hint 1/3: Which function prints?');
    expect(screen).toContain('hints 1/3');
    expect(screen).not.toContain('Hint 2/3');
    expect(readProgress(workspace).progress.lessons['lesson-1']?.hintsShown).toBe(1);
    // `scaling-node-workshop hint 1` in another terminal shows the second one.
    updateLessonProgress(workspace, 'lesson-1', (entry) => ({ ...entry, hintsShown: 2 }));
    app.press('l');
    await app.waitFor(`/${lessonCount} passed`);
    app.press(keys.enter);
    await app.waitFor(lessonHeading(1));
    app.press('h');
    screen = await app.waitFor('Hint 3/3: One line, no exit call');
    expect(screen).toContain('Hint 2/3');
    expect(readProgress(workspace).progress.lessons['lesson-1']?.hintsShown).toBe(3);
    app.press('h');
    await app.waitFor('That was the last hint.');
    expect(readProgress(workspace).progress.lessons['lesson-1']?.hintsShown).toBe(3);
  });

  it('resets the file to its starter only after confirmation', async () => {
    const { app, workspace } = await openLesson(1);
    const file = path.join(workspace, '01-hello.js');
    writeFileSync(file, 'mine\n');
    app.press('x');
    await app.waitFor('Reset 01-hello to its starter file?');
    app.press(keys.escape);
    await app.waitFor((screen) => !screen.includes('Reset 01-hello'));
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    app.press('x');
    await app.waitFor('Reset 01-hello to its starter file?');
    app.press('y');
    await app.waitFor('01-hello.js is the starter again');
    expect(readFileSync(file, 'utf8')).toBe(starter('01-hello'));
  });

  it('creates a missing file from the starter with x', async () => {
    const { app, workspace } = await openLesson(1);
    rmSync(path.join(workspace, '01-hello.js'));
    app.press('v');
    await app.waitFor(/press x to create it from\s+the\s+starter/);
    app.press('x');
    await app.waitFor('Create 01-hello.js from its starter?');
    app.press('y');
    await app.waitFor('Created 01-hello.js from its starter.');
    expect(readFileSync(path.join(workspace, '01-hello.js'), 'utf8')).toBe(starter('01-hello'));
  });

  it('goes to the next lesson with n, and back to the list with esc or l', async () => {
    const { app } = await openLesson(lastLesson.number - 1);
    app.press('n');
    await app.waitFor(lessonHeading(lastLesson.number));
    app.press('n');
    await app.waitFor('This is the last lesson.');
    app.press(keys.escape);
    await app.waitFor('enter open');
    app.press(keys.enter);
    await app.waitFor(lessonHeading(lastLesson.number));
    app.press('l');
    await app.waitFor('enter open');
  });

  it('quits with q', async () => {
    const { app } = await openLesson(2);
    app.press('q');
    await app.waitFor(() => app.exits.length === 1);
    expect(app.exits).toEqual([0]);
  });

  it('re-checks the file when it is saved (watch mode), and a pass does not move on', async () => {
    const { app, workspace } = await openLesson(1);
    await app.waitFor('◉ watching');
    // Written the way many editors save: a new file renamed over the old one.
    const temporary = path.join(workspace, '.01-hello.js.swp');
    copyFileSync(solution('01-hello'), temporary);
    const { renameSync } = await import('node:fs');
    renameSync(temporary, path.join(workspace, '01-hello.js'));
    const screen = await app.waitFor('✓ Passed');
    expect(screen).toContain(lessonHeading(1));
    expect(readProgress(workspace).progress.lessons['lesson-1']?.passedAt).toBeDefined();
  });

  it('turns watch mode off and on with w; then saving does not check', async () => {
    const { app, workspace } = await openLesson(1);
    await app.waitFor('◉ watching');
    app.press('w');
    await app.waitFor('○ watch off');
    await app.waitFor('Watch mode off: press v to check your file.');
    copyFileSync(solution('01-hello'), path.join(workspace, '01-hello.js'));
    // With watch on, the same save is checked: proof that it would have been noticed.
    app.press('w');
    await app.waitFor('◉ watching');
    expect(app.frame()).not.toContain('Checking');
    writeFileSync(path.join(workspace, '01-hello.js'), `${readFileSync(solution('01-hello'), 'utf8')}// saved again\n`);
    await app.waitFor('✓ Passed');
  });

  it('cancels a running check with Ctrl-C, stops the program, and quits on a second Ctrl-C', async () => {
    const { app, workspace } = await openLesson(6);
    writeFileSync(path.join(workspace, '06-signals.js'), SILENT_AWAKE);
    await app.waitFor('◉ watching');
    app.press('v');
    await app.waitFor('Ctrl-C cancels the check.');
    await expect.poll(() => programsIn(workspace).length, { timeout: 5000 }).toBeGreaterThan(0);
    // A save during the run is not checked: the running check goes on.
    writeFileSync(path.join(workspace, '06-signals.js'), `${SILENT_AWAKE}// edited\n`);
    await app.waitFor('You saved during a check');
    app.press(keys.ctrlC);
    const screen = await app.waitFor('■ Cancelled');
    expect(screen).toMatch(/■ starts with stdin closed[\s\S]*\(cancelled\)/);
    expect(programsIn(workspace)).toEqual([]);
    expect(app.exits).toEqual([]);
    app.press(keys.ctrlC);
    await app.waitFor(() => app.exits.length === 1);
  });

  it('q during a check stops the program before quitting', async () => {
    const { app, workspace } = await openLesson(6);
    writeFileSync(path.join(workspace, '06-signals.js'), SILENT_AWAKE);
    app.press('v');
    await app.waitFor('Ctrl-C cancels the check.');
    await expect.poll(() => programsIn(workspace).length, { timeout: 5000 }).toBeGreaterThan(0);
    app.press('q');
    await app.waitFor(() => app.exits.length === 1);
    expect(programsIn(workspace)).toEqual([]);
  });

  it('runs the program on the sample input with r', async () => {
    const { app, workspace } = await openLesson(1);
    copyFileSync(solution('01-hello'), path.join(workspace, '01-hello.js'));
    app.press('r');
    const screen = await app.waitFor('(the program exited with code 0)');
    expect(screen).toMatch(/\$ node .*01-hello\.js/);
    expect(screen).not.toContain('PORT');
    expect(screen).toContain('Hello World');
  });

  it('stops a long-running sample run with r, and everything it started', async () => {
    const { app, workspace } = await openLesson(6);
    copyFileSync(solution('06-signals'), path.join(workspace, '06-signals.js'));
    app.press('r');
    const screen = await app.waitFor(/process \d+/);
    // Lesson 6 has no server: no PORT, and the way to signal it instead.
    expect(screen).toMatch(/pid (\d+): it runs until you stop it with r or Ctrl-C\. From another terminal:\s+kill -HUP \1/);
    expect(screen).not.toContain('PORT');
    app.press('r');
    await app.waitFor('(stopped)');
    expect(programsIn(workspace)).toEqual([]);
  });

  it('says which file is missing', async () => {
    const workspace = tempWorkspace();
    rmSync(path.join(workspace, '02-argv.js'));
    const { app } = await openLesson(2, { workspace });
    expect(app.frame()).toContain('02-argv.js is missing (x creates it)');
  });

  it('stays legible when the terminal is resized', async () => {
    const { app } = await openLesson(1);
    const { resizeTerminal } = await import('../render-app.js');
    resizeTerminal(app.stdout, 60, 18);
    const screen = await app.waitFor((text) => text.split('\n').every((line) => line.length <= 60) && text.includes(lessonHeading(1)));
    expect(screen.split('\n').length).toBeLessThanOrEqual(18);
    expect(screen).toContain('q quit');
  });
});

describe('lesson screen, instructor mode', () => {
  it('opens every hint and the solution without a pass', async () => {
    const { app, workspace } = await openLesson(1, { instructor: true });
    expect(app.frame()).toContain('instructor');
    app.press('h');
    const hints = await app.waitFor('Hint 3/3');
    expect(hints).toContain('Hint 1/3');
    expect(hints).toContain('hints 3/3');
    app.press('s');
    await app.waitFor("console.log('Hello World');");
    expect(readProgress(workspace).progress.lessons['lesson-1']).toBeUndefined();
  });

  it('demonstrates the reference solution live with d, without touching the progress', async () => {
    const { app, workspace } = await openLesson(1, { instructor: true });
    app.press('d');
    const screen = await app.waitFor('✓ The reference solution passes');
    expect(screen).toContain('Demo: checking the reference solution');
    expect(screen).toMatch(/✓ prints "Hello World"/);
    expect(readProgress(workspace).progress.lessons['lesson-1']?.passedAt).toBeUndefined();
    // The learner's file is still checked with v.
    app.press('v');
    await app.waitFor('Not yet');
  });

  it('shows the solution beside the instructions in a wide terminal', async () => {
    const { app } = await openLesson(1, { instructor: true, columns: 140, rows: 30 });
    const screen = app.frame();
    const line = screen.split('\n').find((text) => text.includes('Reference solution')) ?? '';
    expect(line).toMatch(/\S.*Reference solution/);
    expect(screen).toContain("console.log('Hello World');");
    expect(screen).toContain('A Node program is just a file');
  });

  it('browses lessons without a workspace', async () => {
    const { app } = await openLesson(1, { instructor: true, workspace: null });
    expect(app.frame()).toContain('Your file: no workspace');
    app.press('d');
    await app.waitFor('✓ The reference solution passes');
  });
});
