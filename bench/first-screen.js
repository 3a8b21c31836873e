// Bench: how long `scaling-node-workshop` takes, started in a terminal, to draw the course screen.
// Each run starts the built binary in a fresh pseudo-terminal (util-linux `script`, 80×24) in a
// workspace, reads what it draws as it arrives, and stops the clock when the course screen's
// progress count and key bar are both on screen; then it presses q and waits for the exit.
// Usage: node bench/first-screen.js [runs]   Prints: first screen: <median> ms
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'bin.js');
const runs = Number(process.argv[2] ?? 11);
const RUN_TIMEOUT_MS = 15_000;

// The UI refuses to start under CI (ink would draw nothing there): the terminal is a real one here.
const env = { ...process.env, TERM: 'xterm-256color' };
for (const name of ['CI', 'CONTINUOUS_INTEGRATION', 'NO_COLOR', 'FORCE_COLOR']) delete env[name];

const stripAnsi = (text) => text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-B]/g, '');
const courseScreen = (text) => /\d+\/\d+ passed/.test(text) && text.includes('enter open');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

function timeFirstScreen(cwd) {
  return new Promise((resolve, reject) => {
    const command = `stty cols 80 rows 24; exec ${quote(process.execPath)} ${quote(cli)}`;
    const started = performance.now();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let ms;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no course screen within ${RUN_TIMEOUT_MS} ms; the terminal showed:\n${stripAnsi(screen).slice(-2000)}`));
    }, RUN_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      screen += chunk.toString('utf8');
      if (ms === undefined && courseScreen(stripAnsi(screen))) {
        ms = performance.now() - started;
        child.stdin.write('q');
      }
    });
    child.stderr.resume();
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (ms === undefined) reject(new Error(`the workshop exited (${code}) before drawing the course screen:\n${stripAnsi(screen).slice(-2000)}`));
      else resolve(ms);
    });
  });
}

const cwd = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-ui-'));
try {
  execFileSync(process.execPath, [cli, 'init', '.'], { cwd, stdio: 'ignore' });
  // One run first, unmeasured: it fills the OS file cache as an earlier start of the workshop would.
  await timeFirstScreen(cwd);
  const times = [];
  for (let run = 0; run < runs; run++) times.push(await timeFirstScreen(cwd));
  const rounded = times.map((ms) => Math.round(ms));
  console.log(`first screen: ${Math.round(median(times))} ms  (${runs} runs, min ${Math.min(...rounded)}, max ${Math.max(...rounded)}; 80x24 pseudo-terminal)`);
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
