import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../package-root.js';

// --version: prints the package version.
export function version(): number {
  const { version } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  process.stdout.write(`${version}\n`);
  return 0;
}
