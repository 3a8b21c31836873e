// Builds what ships: the CLI and every lesson's check, bundled by esbuild into dist/ with shared chunks.
// One bundle starts much faster than a graph of small ES modules (see the verify bench in the README),
// and the checks share the CLI's chunks, so engine state (the live process groups) exists once.
// Types are checked separately by `tsc --noEmit`.
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const checks = readdirSync(path.join(root, 'lessons'))
  .filter((name) => /^\d\d-/.test(name))
  .map((name) => `./lessons/${name}/check.ts`)
  .filter((entry) => existsSync(path.join(root, entry)));

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['./src/cli/main.ts', ...checks],
  outbase: '.',
  outdir: 'dist',
  chunkNames: 'src/chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  logLevel: 'warning',
});
chmodSync(path.join(root, 'dist', 'src', 'cli', 'main.js'), 0o755);
