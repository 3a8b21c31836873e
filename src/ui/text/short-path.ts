import path from 'node:path';

// A path as short as it can be said: relative to the current folder when inside it, else absolute.
export function shortPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : `.${path.sep}${relative}`;
}
