// What ships: prepack writes package.json without its scripts (npm then lists no install script of ours),
// postpack puts the original back byte for byte, and a pack that failed half-way is undone by the next one.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';

const script = path.join(repoRoot, 'scripts', 'pack-manifest.js');
const folders: string[] = [];
function packageFolder(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'snw-test-pack-'));
  folders.push(folder);
  copyFileSync(path.join(repoRoot, 'package.json'), path.join(folder, 'package.json'));
  return folder;
}
const run = (action: string, folder: string) => execFileSync(process.execPath, [script, action, folder], { encoding: 'utf8' });
const manifest = (folder: string) => JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as Record<string, unknown>;

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('the package.json that npm pack ships', () => {
  it('has no scripts, and keeps everything else', () => {
    const folder = packageFolder();
    const original = manifest(folder);
    expect(original.scripts).toHaveProperty('prepare');
    run('strip', folder);
    const { scripts, ...rest } = original;
    expect(manifest(folder)).toEqual(rest);
  });

  it('is the original again after the pack, byte for byte', () => {
    const folder = packageFolder();
    const text = readFileSync(path.join(folder, 'package.json'), 'utf8');
    run('strip', folder);
    run('restore', folder);
    expect(readFileSync(path.join(folder, 'package.json'), 'utf8')).toBe(text);
    expect(existsSync(path.join(folder, '.package.json.packing'))).toBe(false);
  });

  it('starts from the saved original when an earlier pack stopped before postpack', () => {
    const folder = packageFolder();
    const text = readFileSync(path.join(folder, 'package.json'), 'utf8');
    run('strip', folder);
    run('strip', folder);
    run('restore', folder);
    expect(readFileSync(path.join(folder, 'package.json'), 'utf8')).toBe(text);
  });

  it('refuses an unknown action', () => {
    const folder = packageFolder();
    expect(() => execFileSync(process.execPath, [script, 'publish', folder], { stdio: 'pipe' })).toThrow(/usage: node scripts\/pack-manifest\.js strip\|restore/);
  });
});
