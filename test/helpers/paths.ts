import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built command-line entry. */
export const cliPath = path.join(repoRoot, 'dist', 'src', 'cli', 'bin.js');

// A fixture program by name: test/fixtures/<group>/<name>.
export function fixture(group: string, name: string): string {
  return path.join(repoRoot, 'test', 'fixtures', group, name);
}
