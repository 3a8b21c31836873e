// Bench: where `verify 1` of the reference solution spends its time, on every Node of the matrix. Each
// run is traced (bench/verify-trace-preload.cjs) from the process's start: node booted, the learner's
// program started, the program exited, the verdict printed, the process exited. Medians of interleaved
// rounds, in an empty folder (no workspace) and in a workspace (the pass is recorded after the verdict).
// For where the workshop's own time goes inside those spans, run one verify with --cpu-prof (see README).
// Usage: node bench/verify-trace.js [rounds] [current|major ...]   (default: 11 rounds of current 22 24 26)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedNode } from '../scripts/node-cache.js';
import { cli, median, root, timeCommand } from './measure.js';

const [roundsArg, ...nodeArgs] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 11);
const wanted = nodeArgs.length > 0 ? nodeArgs : ['current', '22', '24', '26'];
const solution = path.join(root, 'solutions', '01-hello.js');
const preload = path.join(path.dirname(fileURLToPath(import.meta.url)), 'verify-trace-preload.cjs');
const marks = ['booted', 'spawn', 'programExit', 'verdict', 'exit'];

const nodes = [];
for (const entry of wanted) {
  const node = entry === 'current' ? process.execPath : await cachedNode(Number(entry));
  const version = execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  if (!nodes.some((known) => known.version.split('.')[0] === version.split('.')[0])) nodes.push({ node, version, traces: { empty: [], workspace: [] } });
}

const folders = { empty: mkdtempSync(path.join(os.tmpdir(), 'snw-bench-trace-')), workspace: mkdtempSync(path.join(os.tmpdir(), 'snw-bench-trace-ws-')) };
const traceFile = path.join(folders.empty, 'trace.jsonl');
async function traceOnce(entry, where) {
  writeFileSync(traceFile, '');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, VERIFY_TRACE_FILE: traceFile };
  const { code } = await timeCommand(entry.node, ['--require', preload, cli, 'verify', '1', solution], { cwd: folders[where], env });
  if (code !== 0) throw new Error(`on ${entry.version}: verify exited ${code}`);
  return JSON.parse(readFileSync(traceFile, 'utf8'));
}
try {
  execFileSync(process.execPath, [cli, 'init', '.'], { cwd: folders.workspace, stdio: 'ignore' });
  for (let round = -1; round < rounds; round++) {
    for (const entry of nodes) {
      for (const where of ['empty', 'workspace']) {
        const trace = await traceOnce(entry, where);
        if (round >= 0) entry.traces[where].push(trace);
      }
    }
  }
} finally {
  for (const folder of Object.values(folders)) rmSync(folder, { recursive: true, force: true });
}

const at = (traces, mark) => median(traces.map((trace) => trace[mark])).toFixed(0);
console.log(`verify 1, traced: ms since the process started, medians of ${rounds} interleaved rounds, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);
console.log('| Node | where | node booted | program started | program exited | verdict printed | process exited |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const entry of nodes) {
  for (const where of ['empty', 'workspace']) {
    console.log(`| ${entry.version} | ${where === 'empty' ? 'empty folder' : 'workspace'} | ${marks.map((mark) => at(entry.traces[where], mark)).join(' | ')} |`);
  }
}
