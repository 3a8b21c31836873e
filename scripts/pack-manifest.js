// The package.json that ships carries no scripts. `prepare` builds a clone on `npm install`, but in a
// tarball npm (11.16+) lists it among the install scripts a user has to approve (npm 12 blocks them), and
// the other scripts run files that are not shipped. As tsx and others publish: `prepack` writes the
// manifest without `scripts` (saving the original next to it), `postpack` puts the original back.
// Usage: node scripts/pack-manifest.js strip|restore [package folder, default: this one]
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [action, folder] = process.argv.slice(2);
const root = folder ? path.resolve(folder) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = path.join(root, 'package.json');
const saved = path.join(root, '.package.json.packing');

if (action === 'strip') {
  // A pack that failed half-way left its saved original: that one is the real manifest.
  if (existsSync(saved)) renameSync(saved, manifest);
  const text = readFileSync(manifest, 'utf8');
  const { scripts, ...shipped } = JSON.parse(text);
  writeFileSync(saved, text);
  writeFileSync(manifest, `${JSON.stringify(shipped, null, 2)}\n`);
} else if (action === 'restore') {
  if (existsSync(saved)) renameSync(saved, manifest);
} else {
  process.stderr.write('usage: node scripts/pack-manifest.js strip|restore [package folder]\n');
  process.exitCode = 2;
}
