import { availableParallelism } from 'node:os';
import type { Program } from '../engine/program.js';
import type { TreeWatcher } from '../engine/tree-watcher.js';

// A cluster program a check started: the primary, the port it serves on, how many workers it should
// fork, and the watcher that records the children it starts.
export interface ClusterRun {
  program: Program;
  port: number;
  /** WORKERS as set for this run; undefined when it was left unset. */
  workersEnv: number | undefined;
  /** How many workers the program should fork: WORKERS, or one per CPU when it is unset. */
  workers: number;
  tree: TreeWatcher;
}

// How many workers a program should fork for a WORKERS setting (unset: one per CPU, as the lessons ask).
export function expectedWorkers(workersEnv: number | undefined): number {
  return workersEnv ?? availableParallelism();
}

// The WORKERS setting of a run as a learner reads it: "WORKERS=3", "WORKERS unset (2 CPUs here)".
export function describeWorkers(run: Pick<ClusterRun, 'workersEnv' | 'workers'>): string {
  return run.workersEnv === undefined ? `WORKERS unset (one per CPU: os.availableParallelism() is ${run.workers} here)` : `WORKERS=${run.workersEnv}`;
}

// "1 worker", "3 workers".
export function workersCount(count: number): string {
  return `${count} worker${count === 1 ? '' : 's'}`;
}
