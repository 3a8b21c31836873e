import { availableParallelism, cpus } from 'node:os';
import type { TreeWatcher } from '../engine/program/tree-watcher.js';
import type { ServerRun } from './server-run.js';

/**
 * A cluster program a check started: the primary, the port it serves on, how many workers it should
 * fork, and the watcher that records the children it starts.
 */
export interface ClusterRun extends ServerRun {
  /** WORKERS as set for this run; undefined when it was left unset. */
  workersEnv: number | undefined;
  /** How many workers the program should fork: WORKERS, or one per CPU when it is unset. */
  workers: number;
  tree: TreeWatcher;
}

/** How many workers a program should fork for a WORKERS setting (unset: one per CPU, as the lessons ask). */
export function expectedWorkers(workersEnv: number | undefined): number {
  return workersEnv ?? availableParallelism();
}

/**
 * Every count of workers that is right for a WORKERS setting, fewest first: WORKERS itself, or (unset) one per
 * CPU, which os.availableParallelism() and os.cpus().length both count. They differ where the process may run
 * on fewer cores than the machine has (an affinity mask such as `taskset`'s).
 */
export function acceptedWorkers(workersEnv: number | undefined): number[] {
  if (workersEnv !== undefined) return [workersEnv];
  return [...new Set([availableParallelism(), cpus().length])].sort((a, b) => a - b);
}

/** The WORKERS setting of a run as a learner reads it: "WORKERS=3", "WORKERS unset (one per CPU: ... 2 here)". */
export function describeWorkers(run: Pick<ClusterRun, 'workersEnv' | 'workers'>): string {
  if (run.workersEnv !== undefined) return `WORKERS=${run.workersEnv}`;
  const machine = cpus().length;
  return `WORKERS unset (one per CPU: os.availableParallelism() is ${run.workers} here${machine === run.workers ? '' : `, os.cpus().length ${machine}`})`;
}

/** "1 worker", "3 workers". */
export function workersCount(count: number): string {
  return `${count} worker${count === 1 ? '' : 's'}`;
}

/**
 * A step's label for a run with the lessons' defaults: "WORKERS and PORT unset (one worker per CPU, 2 here;
 * port 8000)", or "WORKERS unset (one worker per CPU, 2 here)" when PORT could not be left unset.
 */
export function defaultsLabel(portUnset: boolean): string {
  const accepted = acceptedWorkers(undefined);
  const perCpu = `one worker per CPU, ${accepted.join(' or ')} here`;
  return portUnset ? `WORKERS and PORT unset (${perCpu}; port 8000)` : `WORKERS unset (${perCpu})`;
}

/** The hint of a run with the defaults that did not serve: both defaults, as the lessons teach them. */
export const DEFAULTS_HINT =
  'Give every variable its default: fork Number(process.env.WORKERS) || os.availableParallelism() workers (os.cpus().length is accepted too), and listen on Number(process.env.PORT) || 8000.';
