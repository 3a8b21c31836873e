// The launcher: on a Node older than engines every command says so in one line and exits 2 (Node 18
// comes from the same cache the version matrix uses, installed on first use); on Node 22.1+ it keeps a
// compile cache in the package's own folder, and a folder it cannot write changes nothing.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedNode } from '../../scripts/node-cache.js';
import { cliPath, repoRoot } from '../helpers/paths.js';

// Runs the launcher with this node, as a learner's command would (never throws on failure).
async function runBin(node: string, bin: string, args: readonly string[]) {
  const result = await execa(node, [bin, ...args], { reject: false, timeout: 60_000, env: { NO_COLOR: '1' } });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}
const { engines, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string }; version: string };
const minimum = /^>=(\d+\.\d+)$/.exec(engines.node)?.[1];

describe('on a Node older than the workshop supports', () => {
  let node18 = '';
  let version18 = '';
  beforeAll(async () => {
    node18 = await cachedNode(18);
    version18 = (await execa(node18, ['-p', 'process.version'])).stdout.trim();
  }, 240_000);

  it('engines names the oldest supported Node', () => {
    expect(minimum).toBe('20.19');
  });

  it.each([[[]], [['--version']], [['list']], [['verify', '1']], [['check']], [['no-such-command']]])('%j prints one line and exits 2', async (args) => {
    const result = await runBin(node18, cliPath, args);
    expect(result).toEqual({ exitCode: 2, stdout: '', stderr: `scaling-node-workshop needs Node.js ${minimum} or newer; this is ${version18}` });
  });
});

// A copy of the built package in a folder of its own, so its compile cache is this test's alone.
function packageCopy(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'snw-test-bin-'));
  cpSync(path.join(repoRoot, 'dist'), path.join(folder, 'dist'), { recursive: true });
  cpSync(path.join(repoRoot, 'package.json'), path.join(folder, 'package.json'));
  for (const shared of ['lessons', 'solutions', 'node_modules']) symlinkSync(path.join(repoRoot, shared), path.join(folder, shared));
  return folder;
}

describe('the compile cache', () => {
  const copies: string[] = [];
  const copy = () => {
    const folder = packageCopy();
    copies.push(folder);
    return folder;
  };
  afterAll(() => {
    for (const folder of copies) rmSync(folder, { recursive: true, force: true });
  });
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const hasCompileCache = major > 22 || (major === 22 && minor >= 1);

  it(`is ${hasCompileCache ? '' : 'not '}kept in the package's .compile-cache on ${process.version}`, async () => {
    const folder = copy();
    const result = await runBin(process.execPath, path.join(folder, 'dist', 'src', 'cli', 'bin.js'), ['--version']);
    expect(result).toEqual({ exitCode: 0, stdout: version, stderr: '' });
    const cache = path.join(folder, '.compile-cache');
    if (hasCompileCache) expect(readdirSync(cache, { recursive: true }).length).toBeGreaterThan(0);
    else expect(existsSync(cache)).toBe(false);
  });

  it('that cannot be written is skipped without a word', async () => {
    const folder = copy();
    // A file where the folder would be: nothing can be created in it.
    writeFileSync(path.join(folder, '.compile-cache'), '');
    const result = await runBin(process.execPath, path.join(folder, 'dist', 'src', 'cli', 'bin.js'), ['--version']);
    expect(result).toEqual({ exitCode: 0, stdout: version, stderr: '' });
  });
});
