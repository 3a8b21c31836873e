// Bench: start-up on every Node of the matrix, measured side by side in one run. For each Node: a bare
// `node 01-hello.js` (the reference solution), `verify 1` of that same file in an empty folder (no
// workspace: nothing recorded) and in a workspace (the pass recorded), the course screen in a terminal
// (see measure.js), and the last two as a learner types them, `npx scaling-node-workshop ...` in a
// workspace where the packed workshop is installed (npx finds it in node_modules/.bin: npm's own start is
// what it adds; a first npx that downloads the package is slower still, by the network). Each round
// measures every Node once, in the same order, so noise from the machine hits all of them alike. One
// unmeasured round first fills the OS file cache and the workshop's compile cache, as any earlier start would.
// Usage: node bench/matrix.js [rounds] [current|major ...]   (default: 11 rounds of current 22 24 26)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedNode } from '../scripts/node-cache.js';
import { benchEnv, cli, median, root, timeCommand, timeFirstScreen } from './measure.js';

const [roundsArg, ...nodeArgs] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 11);
const wanted = nodeArgs.length > 0 ? nodeArgs : ['current', '22', '24', '26'];
const solution = path.join(root, 'solutions', '01-hello.js');
const figures = ['bare', 'verify', 'verifyInWorkspace', 'npxVerify', 'screen', 'npxScreen'];

const nodes = [];
for (const entry of wanted) {
  const node = entry === 'current' ? process.execPath : await cachedNode(Number(entry));
  const version = execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  if (nodes.some((known) => known.version.split('.')[0] === version.split('.')[0])) continue;
  nodes.push({ node, version, ...Object.fromEntries(figures.map((figure) => [figure, []])) });
}

// An empty folder for the command-line runs (no workspace: verify records no progress), and a learner's
// workspace with the packed workshop installed in it (scripts off: dist/ is the build `npm run bench` made).
const empty = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-matrix-'));
const workspace = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-matrix-ui-'));
const quiet = { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 10 * 1024 * 1024 };
function installWorkshop() {
  execFileSync(process.execPath, [cli, 'init', '.'], { cwd: workspace, stdio: 'ignore' });
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', empty], { cwd: root, ...quiet }));
  execFileSync('npm', ['install', '--no-save', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', path.join(empty, filename)], { cwd: workspace, ...quiet });
  rmSync(path.join(empty, filename));
}

// npx and the launcher's #! line run the `node` first on PATH: this Node's.
const withNode = (node) => ({ ...benchEnv, PATH: `${path.dirname(node)}${path.delimiter}${benchEnv.PATH}` });
const npx = ['npx', 'scaling-node-workshop'];

async function measureRound(record) {
  for (const entry of nodes) {
    const times = {};
    const runs = {
      bare: () => timeCommand(entry.node, [solution], { cwd: empty }),
      verify: () => timeCommand(entry.node, [cli, 'verify', '1', solution], { cwd: empty }),
      verifyInWorkspace: () => timeCommand(entry.node, [cli, 'verify', '1', solution], { cwd: workspace }),
      npxVerify: () => timeCommand(npx[0], [...npx.slice(1), 'verify', '1', solution], { cwd: workspace, env: withNode(entry.node) }),
    };
    for (const [figure, run] of Object.entries(runs)) {
      const { ms, code } = await run();
      if (code !== 0) throw new Error(`on ${entry.version}: ${figure} exited ${code}`);
      times[figure] = ms;
    }
    times.screen = await timeFirstScreen(entry.node, workspace);
    times.npxScreen = await timeFirstScreen(entry.node, workspace, npx);
    if (record) for (const figure of figures) entry[figure].push(times[figure]);
  }
}
try {
  installWorkshop();
  await measureRound(false);
  for (let round = 0; round < rounds; round++) {
    await measureRound(true);
    process.stderr.write(`  round ${round + 1}/${rounds} (load average ${os.loadavg()[0].toFixed(1)})\n`);
  }
} finally {
  rmSync(empty, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
}

const ms = (values) => median(values).toFixed(0);
console.log(`start-up on each Node: medians of ${rounds} interleaved rounds, ${os.availableParallelism()} cores, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);
console.log('| Node | bare node 01-hello.js (ms) | verify 1 (ms) | ratio | verify 1 in a workspace (ms) | npx … verify 1 (ms) | course screen (ms) | npx: course screen (ms) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const entry of nodes) {
  const ratio = (median(entry.verify) / median(entry.bare)).toFixed(2);
  console.log(`| ${entry.version} | ${ms(entry.bare)} | ${ms(entry.verify)} | ${ratio}x | ${ms(entry.verifyInWorkspace)} | ${ms(entry.npxVerify)} | ${ms(entry.screen)} | ${ms(entry.npxScreen)} |`);
}
