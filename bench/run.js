// `npm run bench`: every benchmark of the workshop, one after another. Each prints its own table or
// line; docs/authors.md quotes them. Pass names to run only some: `npm run bench -- verify grade`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = {
  matrix: 'matrix.js',
  'verify-trace': 'verify-trace.js',
  verify: 'verify.js',
  'first-screen': 'first-screen.js',
  grade: 'grade.js',
  hostile: 'hostile.js',
  'fail-time': 'fail-time.js',
  postgres: 'postgres.js',
};
const wanted = process.argv.slice(2);
let failed = false;
for (const [name, script] of Object.entries(all)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const file = path.join(here, script);
  if (!existsSync(file)) continue;
  console.log(`\n## ${name}`);
  const result = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
