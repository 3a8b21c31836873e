import path from 'node:path';

/** The extensions a learner's file may have. */
export const SUPPORTED_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;

const typescriptExtensions = new Set(['.ts', '.mts', '.cts']);

// Node flags that make a file runnable: TypeScript goes through tsx's loader, in the same process
// (so the pid is still the learner's program) and inherited by cluster workers through execArgv.
export function loaderArgs(file: string): string[] {
  if (!typescriptExtensions.has(path.extname(file).toLowerCase())) return [];
  return ['--import', import.meta.resolve('tsx')];
}
