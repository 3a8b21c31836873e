import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adaptCommands, workshopCommand } from '../../src/terminal/workshop-command.js';
import { cliPath, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'snw-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// A folder for PATH holding `scaling-node-workshop`: a link to this installation (as npm install --global
// makes it), or some other program of that name.
function binFolder(name: string, target: 'ours' | 'another'): string {
  const dir = path.join(temp, name);
  mkdirSync(dir);
  const bin = path.join(dir, 'scaling-node-workshop');
  if (target === 'ours') symlinkSync(cliPath, bin);
  else writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
  return dir;
}

const ours = binFolder('global', 'ours');
const another = binFolder('another', 'another');

describe('the command printed for the learner to type', () => {
  it('is the bare name when that name on PATH is this installation', () => {
    expect(workshopCommand({ env: { PATH: `/usr/bin${path.delimiter}${ours}` }, root: repoRoot })).toBe('scaling-node-workshop');
  });

  it('is the npx form when the name is not on PATH, is another program, or npm set PATH (npx, npm start)', () => {
    expect(workshopCommand({ env: { PATH: '/usr/bin' }, root: repoRoot })).toBe('npx scaling-node-workshop');
    expect(workshopCommand({ env: { PATH: another }, root: repoRoot })).toBe('npx scaling-node-workshop');
    expect(workshopCommand({ env: { PATH: ours, npm_command: 'exec' }, root: repoRoot })).toBe('npx scaling-node-workshop');
    expect(workshopCommand({ env: { PATH: ours, npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js' }, root: repoRoot })).toBe('npx scaling-node-workshop');
    expect(workshopCommand({ env: {}, root: repoRoot })).toBe('npx scaling-node-workshop');
  });

  it('rewrites the commands in a text, and nothing else that carries the name', () => {
    const text = [
      'Run `npx scaling-node-workshop verify 4` or `scaling-node-workshop run 4`.',
      'scaling-node-workshop hint 4',
      'Progress lives in .scaling-node-workshop/progress.json; ~/scaling-node-workshop/04-env.js is yours.',
      'Open it with `npx scaling-node-workshop`.',
    ].join('\n');
    expect(adaptCommands(text, 'scaling-node-workshop')).toBe(
      [
        'Run `scaling-node-workshop verify 4` or `scaling-node-workshop run 4`.',
        'scaling-node-workshop hint 4',
        'Progress lives in .scaling-node-workshop/progress.json; ~/scaling-node-workshop/04-env.js is yours.',
        'Open it with `scaling-node-workshop`.',
      ].join('\n'),
    );
    expect(adaptCommands(text, 'npx scaling-node-workshop')).toContain('`npx scaling-node-workshop run 4`');
    expect(adaptCommands(text, 'npx scaling-node-workshop')).not.toContain('npx npx');
  });

  it('is what the built binary prints, in init and in its errors', async () => {
    const env = { PATH: `${path.dirname(process.execPath)}${path.delimiter}${ours}`, npm_command: undefined, npm_execpath: undefined, NO_COLOR: '1' };
    const fromPath = await runCli(['init', 'global-ws'], { cwd: temp, env, extendEnv: false });
    expect(fromPath.exitCode, fromPath.stderr).toBe(0);
    expect(fromPath.stdout).toMatch(/^  scaling-node-workshop verify 1 +check 01-hello\.js$/m);
    expect(fromPath.stdout).not.toContain('npx');
    const underNpx = await runCli(['init', 'npx-ws'], { cwd: temp, env: { ...env, npm_command: 'exec' }, extendEnv: false });
    expect(underNpx.stdout).toMatch(/^  npx scaling-node-workshop verify 1 +check 01-hello\.js$/m);
    const lost = await runCli(['verify', '1'], { cwd: temp, env: { ...env, PATH: path.dirname(process.execPath) }, extendEnv: false });
    expect(lost.stderr).toContain('no workspace here: run "npx scaling-node-workshop init" first');
  });
});
