import { statSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_MARKER } from './workspace-paths.js';

// The workspace that holds a folder: the folder itself or its nearest parent with the marker.
export function findWorkspace(from = process.cwd()): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    try {
      if (statSync(path.join(dir, WORKSPACE_MARKER)).isDirectory()) return dir;
    } catch {
      // Not here: look one folder up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
