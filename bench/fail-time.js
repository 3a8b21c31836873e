// Bench: how long a learner waits for a failed verdict. Runs `verify <lesson> <file> --json` on every
// wrong-solution fixture (test/fixtures/lessons/NN-slug/*, those that fail: the others are right solutions in
// another form) and on the hostile programs of test/fixtures/engine against lesson 1, one at a time, and
// reports p50, p90 and the maximum of the wall time from start to exit, with the slowest ones named.
// Targets: p90 at most 3 s, none over 6 s. Usage: node bench/fail-time.js [lesson numbers…]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const only = process.argv.slice(2).map(Number).filter(Boolean);
const hostile = ['floods-stdout', 'floods-stderr', 'floods-both-streams', 'prints-an-endless-line', 'echoes-stdin-forever', 'starts-a-detached-child', 'double-forks-a-daemon', 'stops-itself-on-sigterm', 'starts-a-child-that-ignores-signals', 'hangs', 'busy-loops', 'ignores-sigterm'];
const cases = [];
const lessonsDir = path.join(root, 'test', 'fixtures', 'lessons');
for (const lesson of readdirSync(lessonsDir).sort()) {
  const number = Number(lesson.slice(0, 2));
  if (only.length > 0 && !only.includes(number)) continue;
  for (const file of readdirSync(path.join(lessonsDir, lesson)).sort()) cases.push({ name: `${lesson}/${file}`, lesson: number, file: path.join(lessonsDir, lesson, file) });
}
if (only.length === 0 || only.includes(1)) for (const name of hostile) cases.push({ name: `hostile/${name}.js`, lesson: 1, file: path.join(root, 'test', 'fixtures', 'engine', `${name}.js`) });
// An empty folder as cwd: no workspace, so verify records no progress.
const cwd = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-fail-'));

function verify({ lesson, file }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'verify', String(lesson), file, '--json'], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      let result;
      try {
        result = JSON.parse(stdout);
      } catch {
        result = { passed: false, steps: [], error: `no JSON (exit ${code})` };
      }
      resolve({ ms, result });
    });
  });
}

const failed = [];
let passed = 0;
for (const entry of cases) {
  const { ms, result } = await verify(entry);
  if (result.passed) {
    passed++;
    continue;
  }
  const step = result.steps.find((candidate) => !candidate.passed);
  failed.push({ ...entry, ms, why: step?.message ?? result.error ?? '' });
  process.stderr.write(`  ${entry.name}: ${(ms / 1000).toFixed(2)} s\n`);
}
rmSync(cwd, { recursive: true, force: true });

const sorted = failed.map((entry) => entry.ms).sort((a, b) => a - b);
const at = (fraction) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`time to a failed verdict: node ${process.version}, ${os.availableParallelism()} cores, ${failed.length} failing programs (${passed} right solutions in other forms skipped)`);
console.log(`p50 ${s(at(0.5))}, p90 ${s(at(0.9))}, max ${s(sorted.at(-1) ?? 0)} (targets: p90 <= 3 s, max <= 6 s)`);
console.log('| slowest | time | failure |');
console.log('|---|---:|---|');
for (const entry of [...failed].sort((a, b) => b.ms - a.ms).slice(0, 10)) console.log(`| ${entry.name} | ${s(entry.ms)} | ${entry.why.slice(0, 120).replace(/\|/g, '\\|')} |`);
process.exitCode = at(0.9) <= 3_000 && (sorted.at(-1) ?? 0) <= 6_000 ? 0 : 1;
