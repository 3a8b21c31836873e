import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../package-root.js';

/** The extensions a learner's file may have. */
export const SUPPORTED_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;

const typescriptExtensions = new Set(['.ts', '.mts', '.cts']);

/** Gives worker threads tsx where tsx registers itself in the main thread only (built from typescript-workers.ts). */
const workerThreadsLoader = pathToFileURL(path.join(packageRoot, 'dist', 'src', 'engine', 'program', 'typescript-workers.js')).href;

/**
 * Whether tsx (4.23) registers its loader in worker threads by itself on this Node: from 22.22.3, 24.11.1,
 * 25.1.0 and 26.0.0 on (its own table). Elsewhere it registers in the main thread only, and a worker thread
 * needs typescript-workers.ts (measured on 20.20.2, 22.12.0 and 24.10.0).
 */
export function tsxRegistersInWorkers(version = process.versions.node): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  const since: Record<number, [number, number]> = { 22: [22, 3], 24: [11, 1], 25: [1, 0] };
  const from = since[major];
  if (from) return minor > from[0] || (minor === from[0] && patch >= from[1]);
  return major >= 26;
}

const workersNeedTsx = !tsxRegistersInWorkers();

// Node flags that make a file runnable: TypeScript goes through tsx's loader, in the same process
// (so the pid is still the learner's program), inherited by cluster workers through execArgv and by
// worker threads (a `.ts` file in `new Worker(...)`).
export function loaderArgs(file: string): string[] {
  if (!typescriptExtensions.has(path.extname(file).toLowerCase())) return [];
  return ['--import', import.meta.resolve('tsx'), ...(workersNeedTsx ? ['--import', workerThreadsLoader] : [])];
}
