// Bench: start-up on every Node of the matrix, measured side by side in one run. For each Node: a bare
// `node 01-hello.js` (the reference solution), `verify 1` of that same file, and the course screen in a
// terminal (see measure.js). Each round measures every Node once, in the same order, so noise from the
// machine hits all of them alike. One unmeasured round first fills the OS file cache and the workshop's
// compile cache, as any earlier start of the workshop would.
// Usage: node bench/matrix.js [rounds] [current|major ...]   (default: 11 rounds of current 22 24 26)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedNode } from '../scripts/node-cache.js';
import { cli, median, root, timeCommand, timeFirstScreen } from './measure.js';

const [roundsArg, ...nodeArgs] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 11);
const wanted = nodeArgs.length > 0 ? nodeArgs : ['current', '22', '24', '26'];
const solution = path.join(root, 'solutions', '01-hello.js');

const nodes = [];
for (const entry of wanted) {
  const node = entry === 'current' ? process.execPath : await cachedNode(Number(entry));
  const version = execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  if (!nodes.some((known) => known.version.split('.')[0] === version.split('.')[0])) nodes.push({ node, version, bare: [], verify: [], screen: [] });
}

// An empty folder for the command-line runs (no workspace: verify records no progress) and a workspace for the UI.
const empty = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-matrix-'));
const workspace = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-matrix-ui-'));
async function measureRound(record) {
  for (const entry of nodes) {
    const bare = await timeCommand(entry.node, [solution], { cwd: empty });
    const verify = await timeCommand(entry.node, [cli, 'verify', '1', solution], { cwd: empty });
    if (bare.code !== 0 || verify.code !== 0) throw new Error(`on ${entry.version}: bare exited ${bare.code}, verify exited ${verify.code}`);
    const screen = await timeFirstScreen(entry.node, workspace);
    if (!record) continue;
    entry.bare.push(bare.ms);
    entry.verify.push(verify.ms);
    entry.screen.push(screen);
  }
}
try {
  execFileSync(process.execPath, [cli, 'init', '.'], { cwd: workspace, stdio: 'ignore' });
  await measureRound(false);
  for (let round = 0; round < rounds; round++) {
    await measureRound(true);
    process.stderr.write(`  round ${round + 1}/${rounds}\n`);
  }
} finally {
  rmSync(empty, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
}

console.log(`start-up on each Node: medians of ${rounds} interleaved rounds, ${os.availableParallelism()} cores`);
console.log('| Node | bare node 01-hello.js (ms) | verify 1 (ms) | ratio | course screen (ms) |');
console.log('|---|---:|---:|---:|---:|');
for (const { version, bare, verify, screen } of nodes) {
  console.log(`| ${version} | ${median(bare).toFixed(0)} | ${median(verify).toFixed(0)} | ${(median(verify) / median(bare)).toFixed(2)}x | ${median(screen).toFixed(0)} |`);
}
