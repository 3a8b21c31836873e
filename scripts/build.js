// Builds what ships: the CLI and every lesson's check, bundled by esbuild into dist/ with shared chunks.
// One bundle starts much faster than a graph of small ES modules (see the verify bench in docs/authors.md),
// and the checks share the CLI's chunks, so engine state (the live process groups) exists once.
// Types are checked separately by `tsc` (noEmit). Minified: less to parse at every start.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
// cli-highlight (bundled, see `external` below) gets highlight.js with only the languages the UI colours.
const highlightJsLanguages = {
  name: 'highlight-js-languages',
  setup(build) {
    build.onResolve({ filter: /^highlight\.js$/ }, () => ({ path: path.join(root, 'scripts', 'highlight-js-languages.cjs') }));
  },
};
const checks = readdirSync(path.join(root, 'lessons'))
  .filter((name) => /^\d\d-/.test(name))
  .map((name) => `./lessons/${name}/check.ts`)
  .filter((entry) => existsSync(path.join(root, entry)));

// The verify path in few files. esbuild puts modules that the same entry points reach into one chunk, so
// code shared by many commands in different combinations ends up in dozens of small chunks, and `verify`
// loaded 30 files before its verdict (each costs Node a resolve, a read and a compile). Every import of a
// module on that path from outside it is routed through one of two barrels, so each barrel and its modules
// form one chunk: the course (lesson folders, the workspace, colours, errors: what every command and the
// UI's first screen use) and the verify path (the command, the engine and the checks' API, which every
// lesson's check imports). Each module still exists once, so engine state and `instanceof` hold.
const { metafile: verifyMeta } = await build({
  absWorkingDir: root,
  entryPoints: ['./src/cli/commands/verify.ts', './src/checks/index.ts'],
  bundle: true,
  splitting: true,
  outdir: 'dist',
  format: 'esm',
  platform: 'node',
  jsx: 'automatic',
  // Only our own modules matter here: packages stay out.
  plugins: [{ name: 'packages-apart', setup: (build) => build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true })) }],
  write: false,
  metafile: true,
  logLevel: 'silent',
});
// Every module these entries load statically (dynamic imports, such as progress-store after the verdict, stay apart).
function staticClosure(entries) {
  const seen = new Set();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of verifyMeta.inputs[file]?.imports ?? []) {
      if (!imported.external && imported.kind === 'import-statement') queue.push(imported.path);
    }
  }
  return seen;
}
const verifyPath = staticClosure(['src/cli/commands/verify.ts', 'src/checks/index.ts']);
// The course: the modules of that path outside the engine, the checks and the commands, with the few
// engine modules they import (the file extensions tsx runs, finding an executable), so loading them, as
// main.ts and the UI's first screen do, does not load the engine.
const course = staticClosure([...verifyPath].filter((file) => !/^src\/(engine|checks|cli\/commands)\//.test(file)));
const barrels = {
  course: [...course],
  'verify-path': [...verifyPath].filter((file) => !course.has(file)),
};
const barrelOf = new Map(Object.entries(barrels).flatMap(([name, files]) => files.map((file) => [path.join(root, file), name])));
const throughBarrels = {
  name: 'through-barrels',
  setup(build) {
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData?.direct || args.namespace === 'barrel') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { direct: true } });
      const barrel = barrelOf.get(resolved.path);
      if (!barrel || barrelOf.get(args.importer) === barrel) return resolved;
      return { path: barrel, namespace: 'barrel' };
    });
    build.onLoad({ filter: /.*/, namespace: 'barrel' }, (args) => ({
      contents: barrels[args.path].map((file) => `export * from ${JSON.stringify(path.join(root, file))};`).join('\n'),
      resolveDir: root,
      loader: 'js',
    }));
  },
};

// Node's built-in modules read off their CommonJS objects (process.getBuiltinModule), one name where it
// is used, not through their ES module facades: a facade reads every export, and many are getters that
// load more of Node (node:fs's `promises`, node:util's lazy helpers, which load worker_threads): some 35
// internal modules and a few ms at every start that nothing here uses. Each name is a pure call, so
// esbuild keeps only the names a module imports; esbuild's own CommonJS interop would read them all. Our
// own modules only: a bundled dependency may import a namespace (ink does), which would keep every name.
// The names are the building Node's: a name it lacks fails the build, never silently reads undefined.
const builtinsByName = {
  name: 'builtins-by-name',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}`) ? undefined : { path: args.path, namespace: 'builtin-by-name' },
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin-by-name' }, (args) => {
      const names = Object.keys(process.getBuiltinModule(args.path)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      const lines = [
        `const builtin = process.getBuiltinModule(${JSON.stringify(args.path)});`,
        'const pick = (name) => builtin[name];',
        'export default builtin;',
        ...names.map((name) => `export const ${name} = /* @__PURE__ */ pick(${JSON.stringify(name)});`),
      ];
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

// Bundled CommonJS dependencies call `require` through esbuild's runtime helper, which needs one in scope.
const requireBanner = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
// The launcher's compile cache holds code of earlier builds: a new build starts it afresh.
rmSync(path.join(root, '.compile-cache'), { recursive: true, force: true });
const { outputFiles } = await build({
  absWorkingDir: root,
  // grade's entry inside a student's sandbox (src/grade/verify-lessons.ts) shares the CLI's chunks too, and
  // so does the preload that gives a TypeScript program's worker threads tsx on Node 20.
  entryPoints: ['./src/cli/main.ts', './src/grade/verify-lessons.ts', './src/engine/program/typescript-workers.ts', ...checks],
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
  // bundled they cost a few dozen, so the course screen is up quickly. cli-highlight is bundled too (with
  // highlight.js cut down to the UI's languages, see scripts/highlight-js-languages.cjs). So are zod (imported as
  // `* as z`, so only the schema types we use are kept: some 100 kB instead of zod's 90 files, all its locales
  // among them, that the course screen and a recorded pass loaded).
  external: Object.keys(dependencies).filter((name) => name !== 'cli-highlight'),
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [throughBarrels, withoutDevtools, highlightJsLanguages, builtinsByName],
  banner: { js: requireBanner },
  minify: true,
  jsx: 'automatic',
  logLevel: 'warning',
  write: false,
});
// Only the files that use `require` keep the banner (in practice the chunk with esbuild's runtime): every
// other module then neither builds a require function nor asks for import.meta when it loads.
const usesRequire = /(?<![\w$.])require(?![\w$])/;
for (const file of outputFiles) {
  let text = file.text;
  const at = text.indexOf(requireBanner);
  const rest = text.slice(at + requireBanner.length);
  if (at !== -1 && !usesRequire.test(rest)) text = text.slice(0, at) + rest.replace(/^\n/, '');
  mkdirSync(path.dirname(file.path), { recursive: true });
  writeFileSync(file.path, text);
}
// The launcher apart: self-contained (no shared chunk), so a Node too old for the rest can still run it.
await build({
  absWorkingDir: root,
  entryPoints: ['./src/cli/bin.ts'],
  outfile: 'dist/src/cli/bin.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node18',
  external: ['./main.js'],
  minify: true,
  logLevel: 'warning',
});
for (const entry of ['bin.js', 'main.js']) chmodSync(path.join(root, 'dist', 'src', 'cli', entry), 0o755);
