import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { markPassed, readProgress } from '../../../src/workspace/progress-store.js';
import { courseFolders, lastLesson, lessonCount, lessonHeading, passedCount } from '../../helpers/course.js';
import { keys, removeFolder, renderApp, tempWorkspace } from '../render-app.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup({ passed = [] as string[] } = {}) {
  const workspace = tempWorkspace();
  for (const id of passed) markPassed(workspace, id);
  const app = renderApp({ workspace });
  cleanups.push(() => removeFolder(workspace), app.close);
  return { workspace, app };
}

// A lesson's row on the course screen: cursor, state mark, number (the "↓ 1 more" line is not one).
const ROW = /^\s*(?:›\s*)?[✓●·]\s+(\d+)\s/;
const row = (screen: string, number: number) => screen.split('\n').find((line) => Number(ROW.exec(line)?.[1]) === number) ?? '';
// The numbers of the lessons whose rows the screen shows, top to bottom.
const shownLessons = (screen: string) => screen.split('\n').flatMap((line) => (ROW.test(line) ? [Number(ROW.exec(line)![1])] : []));
const numbers = courseFolders.map((folder) => folder.number);

describe('course screen', () => {
  it('shows from its first screen what a killed workshop left and was stopped, on the lesson to do next', async () => {
    const workspace = tempWorkspace();
    markPassed(workspace, 'lesson-1');
    const app = renderApp({ workspace, notice: 'stopped 4 processes left by a workshop that was killed' });
    cleanups.push(() => removeFolder(workspace), app.close);
    const screen = await app.waitFor(passedCount(1));
    expect(screen).toContain('Stopped 4 processes left by a workshop that was killed.');
    expect(row(screen, 2)).toMatch(/●\s+2\s+.*current/);
  });

  it('lists every lesson with number, title and state, and the progress count', async () => {
    const { app } = setup({ passed: ['lesson-1', 'lesson-2', 'lesson-4'] });
    const screen = await app.waitFor(passedCount(3));
    expect(row(screen, 1)).toMatch(/✓\s+1\s+Hello World.*passed/);
    expect(row(screen, 3)).toMatch(/●\s+3\s+.*current/);
    expect(row(screen, 4)).toMatch(/✓\s+4\s.*passed/);
    expect(row(screen, 5)).toMatch(/·\s+5\s.*not yet/);
    // The lessons from the first on, as many as fit; the line under them counts the rest.
    const shown = shownLessons(screen);
    expect(shown).toEqual(numbers.slice(0, shown.length));
    if (shown.length < lessonCount) expect(screen).toMatch(new RegExp(`^\\s*↓ ${lessonCount - shown.length} more$`, 'm'));
    else expect(screen).not.toMatch(/↓ \d+ more/);
    // The bar is filled in proportion to the passed lessons.
    const bar = new RegExp(`(█*)(░*) ${passedCount(3)}`).exec(screen);
    expect(bar).not.toBeNull();
    const [, filled, empty] = bar!;
    expect(filled!.length).toBe(Math.round((3 / lessonCount) * (filled!.length + empty!.length)));
    expect(screen).toContain('enter open');
    expect(screen).toContain('q quit');
    for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(screen.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('moves with arrows and j/k, and shows the summary of the lesson under the cursor', async () => {
    const { app } = setup();
    await app.waitFor(passedCount(0));
    expect(row(app.frame(), 1)).toContain('›');
    app.press('j');
    await app.waitFor((screen) => row(screen, 2).includes('›'));
    app.press(keys.down);
    await app.waitFor((screen) => row(screen, 3).includes('›'));
    app.press('k');
    await app.waitFor((screen) => row(screen, 2).includes('›'));
    app.press(keys.up, keys.up);
    await app.waitFor((screen) => row(screen, 1).includes('›'));
    expect(app.frame()).toContain('Print Hello World and exit with code 0');
  });

  it('takes keys typed faster than they are read one by one', async () => {
    const { app } = setup();
    await app.waitFor(passedCount(0));
    app.press('jjj\r');
    await app.waitFor(lessonHeading(4));
  });

  it('opens the lesson under the cursor with enter', async () => {
    const { app } = setup();
    await app.waitFor(passedCount(0));
    app.press('j', keys.enter);
    await app.waitFor(`${lessonHeading(2)} · Arguments`);
  });

  it('filters by state: lessons to do, passed lessons, all', async () => {
    const { app } = setup({ passed: ['lesson-1'] });
    await app.waitFor(passedCount(1));
    app.press('f');
    let screen = await app.waitFor('filter: to do');
    expect(row(screen, 1)).toBe('');
    expect(row(screen, 2)).toContain('›');
    app.press('f');
    screen = await app.waitFor('filter: passed');
    expect(row(screen, 1)).toContain('›');
    expect(row(screen, 2)).toBe('');
    app.press('f');
    screen = await app.waitFor('filter: all');
    expect(row(screen, 2)).not.toBe('');
  });

  it('says so when a filter shows nothing', async () => {
    const { app } = setup();
    await app.waitFor(passedCount(0));
    app.press('f', 'f');
    await app.waitFor('No passed lessons yet');
  });

  it('resets a lesson file to its starter after confirmation, keeping the old file', async () => {
    const { app, workspace } = setup();
    const file = path.join(workspace, '01-hello.js');
    writeFileSync(file, 'console.log("mine");\n');
    await app.waitFor(passedCount(0));
    app.press('x');
    await app.waitFor('Reset 01-hello to its starter file?');
    app.press('n');
    await app.waitFor((screen) => !screen.includes('Reset 01-hello'));
    expect(readFileSync(file, 'utf8')).toBe('console.log("mine");\n');
    app.press('x');
    await app.waitFor('Reset 01-hello to its starter file?');
    app.press('y');
    await app.waitFor('01-hello.js is the starter again');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join('lessons', '01-hello', 'starter.js'), 'utf8'));
    expect(app.frame()).toContain('backups');
  });

  it('quits with q', async () => {
    const { app } = setup();
    await app.waitFor(passedCount(0));
    app.press('q');
    await app.waitFor(() => app.exits.length === 1);
    expect(app.exits).toEqual([0]);
  });

  it('shows passes recorded by the CLI meanwhile when coming back from a lesson', async () => {
    const { app, workspace } = setup();
    await app.waitFor(passedCount(0));
    app.press(keys.enter);
    await app.waitFor(lessonHeading(1));
    markPassed(workspace, 'lesson-1');
    app.press('l');
    await app.waitFor(passedCount(1));
    expect(readProgress(workspace).progress.lessons['lesson-1']?.passedAt).toBeDefined();
  });

  it('scrolls the list with the cursor in a short terminal', async () => {
    const workspace = tempWorkspace();
    const app = renderApp({ workspace, rows: 16 });
    cleanups.push(() => removeFolder(workspace), app.close);
    let screen = await app.waitFor(passedCount(0));
    let shown = shownLessons(screen);
    expect(shown).toEqual(numbers.slice(0, shown.length));
    expect(shown.length).toBeLessThan(lessonCount);
    expect(screen).toMatch(new RegExp(`^\\s*↓ ${lessonCount - shown.length} more$`, 'm'));
    expect(row(screen, lastLesson.number)).toBe('');
    app.press('G');
    screen = await app.waitFor((text) => row(text, lastLesson.number).includes('›'));
    shown = shownLessons(screen);
    expect(shown).toEqual(numbers.slice(lessonCount - shown.length));
    expect(screen).toMatch(new RegExp(`^\\s*↑ ${lessonCount - shown.length} more\\s*$`, 'm'));
    expect(screen.split('\n').length).toBeLessThanOrEqual(16);
  });
});

describe('course screen, where the cursor starts', () => {
  it('starts on the lesson to do next', async () => {
    const { app } = setup({ passed: ['lesson-1', 'lesson-2', 'lesson-3'] });
    const screen = await app.waitFor(passedCount(3));
    expect(row(screen, 4)).toMatch(/›\s*●\s+4/);
    expect(app.frames.every((frame) => !row(frame, 1).includes('›'))).toBe(true);
  });
});
