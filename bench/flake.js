// `npm run flake`: verifies every lesson's reference solution 20 times in a row with the built CLI (dist/), and
// reports the flake rate, which must be 0: a right program passes every time, however the OS schedules it
// and its workers, and however early a wait may end (a program asleep for good ends a wait at once). After
// each run it also checks, from /proc, that none of the program's processes is left. Pass lesson numbers to
// run only some, `--runs N` to change the count, `--load N` to keep N more processes spinning on the CPU
// meanwhile (a loaded machine): `npm run flake -- 9 12 --runs 50 --load 4`. A lesson that needs what this
// machine lacks (lesson 14 without redis-server) is reported as skipped.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processesWith } from './processes-with.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'bin.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const runs = option('--runs', 20);
const load = option('--load', 0);
const only = args.filter((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--')).map(Number).filter(Boolean);
const lessons = readdirSync(path.join(root, 'lessons'))
  .filter((name) => /^\d\d-/.test(name))
  .map((name) => ({ name, number: Number(name.slice(0, 2)) }))
  .filter((lesson) => only.length === 0 || only.includes(lesson.number));
// An empty folder as cwd: no workspace, so verify records no progress.
const cwd = mkdtempSync(path.join(os.tmpdir(), 'snw-flake-'));
// The load: processes that spin until this bench ends, however it ends (each one stops once its parent is gone).
const spin = `const parent = process.ppid; for (let i = 0; ; i++) if ((i & 0xfffff) === 0 && process.ppid !== parent) process.exit();`;
const spinners = Array.from({ length: load }, () => spawn(process.execPath, ['-e', spin], { stdio: 'ignore' }));
const stopSpinners = () => spinners.forEach((spinner) => spinner.kill('SIGKILL'));
process.on('exit', stopSpinners);

// One `verify <n> --solution --json`: its result, and the processes of the program still alive after it.
function verifyOnce(lesson) {
  // TMPDIR, a folder of this run's own: it marks the run's processes, and its temporary files go there (lesson 14's Redis).
  const marker = mkdtempSync(path.join(os.tmpdir(), 'snw-flake-run-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'verify', String(lesson.number), '--solution', '--json'], {
      cwd,
      env: { ...process.env, TMPDIR: marker, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      let result;
      try {
        result = JSON.parse(stdout);
      } catch {
        result = { passed: false, durationMs: 0, steps: [], error: `no JSON result (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}` };
      }
      const left = hasProc ? processesWith(marker) : [];
      rmSync(marker, { recursive: true, force: true });
      resolve({ code, result, left });
    });
  });
}

const hasProc = (() => {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
})();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const rows = [];
let failures = 0;
let total = 0;
const skipped = new Set();
console.log(
  `Verifying the reference solutions of lessons ${lessons.map((lesson) => lesson.number).join(', ')}, ${runs} times each, on node ${process.version}${load > 0 ? `, with ${load} processes spinning meanwhile` : ''}${hasProc ? '' : ' (no /proc: leftover processes not checked)'}.`,
);
for (const lesson of lessons) {
  const durations = [];
  const problems = [];
  for (let run = 1; run <= runs; run++) {
    const { code, result, left } = await verifyOnce(lesson);
    // Exit 3: the machine lacks what the lesson needs (see "needs" in --json); not a run of the program.
    if (code === 3) {
      skipped.add(lesson.name);
      break;
    }
    total += 1;
    durations.push(result.durationMs);
    const failed = result.steps.find((step) => !step.passed);
    if (code !== 0 || !result.passed) problems.push(`run ${run}: ${failed ? `${failed.title}: ${failed.message}` : (result.error ?? `exit ${code}`)}`);
    else if (left.length > 0) problems.push(`run ${run}: passed, but left processes running: ${left.join(', ')}`);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  failures += problems.length;
  if (skipped.has(lesson.name)) {
    console.log(`  ${lesson.name}: skipped, this machine lacks what it needs`);
    continue;
  }
  rows.push({ lesson: lesson.name, runs, failed: problems.length, medianMs: median(durations), maxMs: Math.max(...durations) });
  for (const problem of problems) console.log(`  ${lesson.name} ${problem}`);
}
rmSync(cwd, { recursive: true, force: true });
stopSpinners();

const pad = (text, width) => String(text).padEnd(width);
console.log(`\n${pad('lesson', 22)}${pad('runs', 6)}${pad('failed', 8)}${pad('median', 10)}max`);
for (const row of rows) console.log(`${pad(row.lesson, 22)}${pad(row.runs, 6)}${pad(row.failed, 8)}${pad(`${row.medianMs} ms`, 10)}${row.maxMs} ms`);
const sum = rows.reduce((acc, row) => acc + row.medianMs, 0);
console.log(`\nmedian verify time of all of them together: ${(sum / 1000).toFixed(1)} s`);
console.log(`flake rate: ${failures}/${total} = ${((100 * failures) / Math.max(total, 1)).toFixed(1)}%`);
process.exitCode = failures === 0 ? 0 : 1;
