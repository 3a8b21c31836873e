#!/usr/bin/env node
// The command a learner runs. It imports nothing but Node's own modules that every Node has, so that on a
// Node too old for the workshop it can say so in one line (the bundle would fail to import first); then it
// turns on Node's compile cache and loads the workshop.
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };

// The oldest Node the workshop supports, from package.json's engines (">=20.19").
const [minMajor = 0, minMinor = 0] = packageJson.engines.node.replace(/^>=\s*/, '').split('.').map(Number);
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < minMajor || (major === minMajor && minor < minMinor)) {
  process.stderr.write(`scaling-node-workshop needs Node.js ${minMajor}.${minMinor} or newer; this is ${process.version}\n`);
  process.exit(2);
}

// Node 22.1+ keeps the compiled code of the modules loaded from here on in a folder of the package's own,
// which makes the next start faster. It never throws: an unwritable folder just means no cache.
const enableCompileCache = (module as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache;
enableCompileCache?.(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '.compile-cache'));

await import('./main.js');
