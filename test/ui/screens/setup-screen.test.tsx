import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findWorkspace } from '../../../src/workspace/find-workspace.js';
import { keys, removeFolder, renderApp, tempFolder } from '../render-app.js';
import { lessonCount, passedCount } from '../../helpers/course.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(instructor = false) {
  const cwd = tempFolder();
  const app = renderApp({ workspace: undefined, cwd, instructor });
  cleanups.push(() => removeFolder(cwd), app.close);
  return { cwd, app };
}

describe('setup screen (no workspace found)', () => {
  it('offers a workspace in a new folder, says where, and writes nothing before the learner agrees', async () => {
    const { cwd, app } = setup();
    const screen = await app.waitFor('Create it in:');
    expect(screen).toContain(path.join(cwd, 'scaling-node-workshop'));
    expect(screen).toContain('enter create');
    expect(screen).toContain('e choose another folder');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('creates the workspace in ./scaling-node-workshop on enter and opens the course', async () => {
    const { cwd, app } = setup();
    await app.waitFor('Create it in:');
    app.press(keys.enter);
    const screen = await app.waitFor(passedCount(0));
    expect(screen).toContain(`Created ./scaling-node-workshop with ${lessonCount} starter files`);
    expect(screen).toContain('run npm install there');
    expect(readdirSync(cwd)).toEqual(['scaling-node-workshop']);
    expect(findWorkspace(path.join(cwd, 'scaling-node-workshop'))).toBe(path.join(cwd, 'scaling-node-workshop'));
    expect(existsSync(path.join(cwd, 'scaling-node-workshop', '01-hello.js'))).toBe(true);
  });

  it('lets the learner choose another folder', async () => {
    const { cwd, app } = setup();
    await app.waitFor('Create it in:');
    app.press('e');
    await app.waitFor('esc cancel');
    for (let index = 0; index < 'scaling-node-workshop'.length; index++) app.press('\x7f');
    app.press('my-work');
    await app.waitFor('./my-work');
    app.press(keys.enter);
    await app.waitFor(passedCount(0));
    expect(readdirSync(cwd)).toEqual(['my-work']);
  });

  it('takes a pasted folder name followed by enter', async () => {
    const { cwd, app } = setup();
    await app.waitFor('Create it in:');
    app.press('e');
    await app.waitFor('esc cancel');
    app.press('-2\r');
    await app.waitFor(passedCount(0));
    expect(readdirSync(cwd)).toEqual(['scaling-node-workshop-2']);
  });

  it('cancels editing with esc, and quits with q without creating anything', async () => {
    const { cwd, app } = setup();
    await app.waitFor('Create it in:');
    app.press('e');
    await app.waitFor('esc cancel');
    app.press('q');
    await app.waitFor('scaling-node-workshopq');
    app.press(keys.escape);
    await app.waitFor('e choose another folder');
    app.press('q');
    await app.waitFor(() => app.exits.length === 1);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('says why a workspace cannot be created', async () => {
    const { cwd, app } = setup();
    writeFileSync(path.join(cwd, 'notes.txt'), 'a file, not a folder\n');
    await app.waitFor('Create it in:');
    app.press('e');
    await app.waitFor('esc cancel');
    for (let index = 0; index < 'scaling-node-workshop'.length; index++) app.press('\x7f');
    app.press('notes.txt/work');
    await app.waitFor('./notes.txt/work');
    app.press(keys.enter);
    await app.waitFor(/Cannot create a workspace in \S+notes\.txt\/work: ENOTDIR/);
    expect(readdirSync(cwd)).toEqual(['notes.txt']);
  });

  it('lets an instructor continue without a workspace', async () => {
    const { cwd, app } = setup(true);
    await app.waitFor('c continue without');
    app.press('c');
    const screen = await app.waitFor(passedCount(0));
    expect(screen).toContain('No workspace');
    expect(readdirSync(cwd)).toEqual([]);
  });
});
