// What the benches share: the built CLI, medians, and timing one command or one first screen on a given node.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The command a learner runs (the launcher, which loads the bundle). */
export const cli = path.join(root, 'dist', 'src', 'cli', 'bin.js');

// Both sides of a comparison run with the same minimal environment. (Variables such as NODE_EXTRA_CA_CERTS
// make every node start slower; the learner's program never gets them, so with them set a ratio looks better.)
export const benchEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs `command args...` (a node, or npx) to its exit, output drained; resolves with its wall time and exit code. */
export function timeCommand(command, args, { cwd, env = benchEnv, input } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.stdin.end(input ?? undefined);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: performance.now() - started, code }));
  });
}

const RUN_TIMEOUT_MS = 15_000;
// The UI refuses to start under CI (ink would draw nothing there): the terminal is a real one here.
const terminalEnv = { ...process.env, TERM: 'xterm-256color' };
for (const name of ['CI', 'CONTINUOUS_INTEGRATION', 'NO_COLOR', 'FORCE_COLOR']) delete terminalEnv[name];

const stripAnsi = (text) => text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-B]/g, '');
const courseScreen = (text) => /\d+\/\d+ passed/.test(text) && text.includes('enter open');
const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Starts the workshop on this node in a fresh pseudo-terminal (util-linux `script`, 80×24) in the workspace
 * `cwd`, reads what it draws as it arrives, and resolves with the time until the course screen's progress
 * count and key bar are both on screen; then it presses q and waits for the exit. `start` is the command
 * that starts it (default: this node and the built launcher; `['npx', 'scaling-node-workshop']` as a
 * learner types it, with `node` on PATH, which npx and the launcher's #! line both run).
 */
export function timeFirstScreen(node, cwd, start = [node, cli]) {
  return new Promise((resolve, reject) => {
    const command = `stty cols 80 rows 24; exec ${start.map(quote).join(' ')}`;
    const env = { ...terminalEnv, PATH: `${path.dirname(node)}${path.delimiter}${terminalEnv.PATH}` };
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
