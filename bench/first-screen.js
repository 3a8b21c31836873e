// Bench: how long `scaling-node-workshop` takes, started in a terminal, to draw the course screen
// (see timeFirstScreen in measure.js), on the node running this script.
// Usage: node bench/first-screen.js [runs]   Prints: first screen: <median> ms
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, median, timeFirstScreen } from './measure.js';

const runs = Number(process.argv[2] ?? 11);
const cwd = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-ui-'));
try {
  execFileSync(process.execPath, [cli, 'init', '.'], { cwd, stdio: 'ignore' });
  // One run first, unmeasured: it fills the OS file cache as an earlier start of the workshop would.
  await timeFirstScreen(process.execPath, cwd);
  const times = [];
  for (let run = 0; run < runs; run++) times.push(await timeFirstScreen(process.execPath, cwd));
  const rounded = times.map((ms) => Math.round(ms));
  console.log(`first screen: ${Math.round(median(times))} ms  (${runs} runs, min ${Math.min(...rounded)}, max ${Math.max(...rounded)}; 80x24 pseudo-terminal)`);
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
