// Builds what ships: the CLI and every lesson's check, bundled by esbuild into dist/ with shared chunks.
// One bundle starts much faster than a graph of small ES modules (see the verify bench in the README),
// and the checks share the CLI's chunks, so engine state (the live process groups) exists once.
// Types are checked separately by `tsc` (noEmit). Minified: less to parse at every start.
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// ink loads React's developer tools only when DEV=true; the bundle leaves them out.
const withoutDevtools = {
  name: 'without-devtools',
  setup(build) {
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'without-devtools' }));
    build.onLoad({ filter: /.*/, namespace: 'without-devtools' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };' }));
  },
};
const checks = readdirSync(path.join(root, 'lessons'))
  .filter((name) => /^\d\d-/.test(name))
  .map((name) => `./lessons/${name}/check.ts`)
  .filter((entry) => existsSync(path.join(root, entry)));

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // grade's entry inside a student's sandbox (src/grade/verify-lessons.ts) shares the CLI's chunks too.
  entryPoints: ['./src/cli/main.ts', './src/grade/verify-lessons.ts', ...checks],
  outbase: '.',
  outdir: 'dist',
  chunkNames: 'src/chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies load from node_modules. The UI's render stack (ink, ink-spinner, React: devDependencies)
  // is bundled instead: ink and React as ES modules
  // cost hundreds of milliseconds to load (ink imports all of es-toolkit/compat for one function),
  // bundled they cost a few dozen, so the course screen is up quickly.
  external: Object.keys(dependencies),
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [withoutDevtools],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  minify: true,
  jsx: 'automatic',
  logLevel: 'warning',
});
chmodSync(path.join(root, 'dist', 'src', 'cli', 'main.js'), 0o755);
