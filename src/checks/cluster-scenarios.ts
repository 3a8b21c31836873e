import type { ClusterCheckContext } from './cluster-check-context.js';
import { workersCount, type ClusterRun } from './cluster-run.js';
import { quote } from './excerpt.js';
import { timedOut } from './failures/program-failures.js';
import { timeouts } from './timeouts.js';
import { normalizeLine } from '../engine/waits/normalize-line.js';

// Scenarios several cluster lessons share (lesson-9's restart is also part of lesson-12).

/**
 * Kills worker `victim` with SIGKILL and expects `<pid> died` on stdout, the primary back at WORKERS live
 * workers without it (where /proc shows them), and a replacement answering GET / with "hello world\n".
 * Fails on a missing or wrong "died" line, a program that ended, a victim that still answers, or no new pid.
 * Resolves with the workers that answer afterwards. `label` names the kill in messages ("SIGKILL #1").
 */
export async function expectRestart(t: ClusterCheckContext, run: ClusterRun, victim: number, known: readonly number[], label: string): Promise<number[]> {
  const from = run.program.lines('stdout').length;
  t.killWorker(run, victim);
  const wanted = `${victim} died`;
  const seen = await t.untilLine(run.program, 'stdout', (line) => /\bdied\b/i.test(line), { from, timeoutMs: timeouts.reactMs });
  if (seen.outcome === 'exited') t.expectRunning(run, `printing ${quote(wanted)}`);
  if (seen.outcome !== 'found') {
    const { within, running } = timedOut(seen.outcome === 'timeout' ? seen : { outcome: 'timeout', timeoutMs: timeouts.reactMs });
    t.fail({
      message: `No ${quote(wanted)} line on stdout${within} after ${label} (worker ${victim} was killed); ${running}.`,
      expected: `${quote(wanted)} on stdout`,
      actual: `no "died" line${within}`,
      hint: "Listen for the cluster's 'exit' event in the primary, for every worker: cluster.on('exit', (worker) => { console.log(`${worker.process.pid} died`); cluster.fork(); }). With throng, which forks the replacement itself but prints nothing, print the line in its master function: cluster.on('exit', …) without a fork.",
      program: run.program,
    });
  }
  const shown = normalizeLine(seen.line);
  if (shown !== wanted) {
    t.fail({
      message: `After ${label} the primary printed ${quote(shown)}; expected ${quote(wanted)}.`,
      expected: wanted,
      actual: shown,
      hint: /^worker \d+ died$/.test(shown)
        ? "That is the line of Node's own docs example; this lesson's line is the pid alone, as in the seed: console.log(`${worker.process.pid} died`)."
        : "Print the dead worker's pid, exactly: console.log(`${worker.process.pid} died`).",
      program: run.program,
    });
  }
  const alive = await t.waitForWorkers(run, {
    count: run.workers,
    without: [victim],
    after: `after ${label} (worker ${victim} was killed)`,
    hint: "The primary printed the line but forked no replacement. Fork one in the same 'exit' handler, for every worker that exits, whatever its code: a worker killed by a signal (SIGKILL here) exits with code null and signal 'SIGKILL', so a test such as if (code) cluster.fork() skips it. Replacements included: cluster.on('exit', …) rather than worker.once('exit', …).",
  });
  const { pids } = await t.collectWorkers(run, {
    body: 'hello world\n',
    hint: `The replacement must serve like the others: fork it with cluster.fork(), so it runs the worker branch of your file. ${workersCount(run.workers)} should answer again.`,
  });
  if (pids.includes(victim)) {
    t.fail({
      message: `Worker ${victim} still answered after it was killed.`,
      expected: `answers from workers other than ${victim}`,
      actual: `x-worker-pid: ${victim}`,
      hint: 'Answer with the pid of the worker that serves the request: process.pid, read in the worker.',
      program: run.program,
    });
  }
  const replacements = pids.filter((pid) => !known.includes(pid));
  if (replacements.length === 0) {
    t.fail({
      message: `After ${label} no new worker answered: only ${pids.join(', ')}.`,
      expected: 'a replacement worker (a new pid) answering',
      actual: `answers from ${pids.join(', ')}`,
      hint: "Fork a replacement in the primary's 'exit' handler: cluster.fork().",
      program: run.program,
    });
  }
  if (alive) t.expectWorkersOf(run, pids, { count: run.workers, counting: 'alive', hint: 'Fork exactly one replacement for each worker that exits.' });
  return pids;
}
