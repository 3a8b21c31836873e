import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The folder that holds package.json, lessons/ and solutions/: the nearest one above this code,
// wherever the build put it (dist/src/... from tsc, a shared chunk from the bundler, src/ under vitest).
export const packageRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'lessons'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('scaling-node-workshop: cannot find its own package folder');
    dir = parent;
  }
  return dir;
})();
