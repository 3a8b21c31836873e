import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../package-root.js';

/** The extensions a learner's file may have. */
export const SUPPORTED_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;

const typescriptExtensions = new Set(['.ts', '.mts', '.cts']);

/** Gives worker threads tsx where tsx registers itself in the main thread only (built from typescript-workers.ts). */
const workerThreadsLoader = pathToFileURL(path.join(packageRoot, 'dist', 'src', 'engine', 'typescript-workers.js')).href;

// On Node 20 a worker thread of a TypeScript program needs tsx registered in it (typescript-workers.ts); on
// Node 22 and later tsx reaches worker threads by itself.
const workersNeedTsx = Number(process.versions.node.split('.')[0]) < 22;

// Node flags that make a file runnable: TypeScript goes through tsx's loader, in the same process
// (so the pid is still the learner's program), inherited by cluster workers through execArgv and by
// worker threads (a `.ts` file in `new Worker(...)`).
export function loaderArgs(file: string): string[] {
  if (!typescriptExtensions.has(path.extname(file).toLowerCase())) return [];
  return ['--import', import.meta.resolve('tsx'), ...(workersNeedTsx ? ['--import', workerThreadsLoader] : [])];
}
