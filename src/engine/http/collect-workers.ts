import { setTimeout as delay } from 'node:timers/promises';
import { httpGet, HttpFailure, type HttpAnswer } from './http-get.js';

// A response and the worker that says it answered (its x-worker-pid header, when it is a number).
export interface WorkerAnswer {
  answer: HttpAnswer;
  pid: number | undefined;
}

// What the requests brought: every answer, and the distinct worker pids in the order they first answered.
export interface CollectedWorkers {
  answers: WorkerAnswer[];
  pids: number[];
  /** True when `want` workers answered; false when the tries ran out first. */
  complete: boolean;
  /** How long no new worker had answered when it gave up: the quiet time that ended it, else the time since the last new one. */
  quietMs: number;
}

// How many workers to wait for, and how long to keep trying.
export interface CollectOptions {
  want: number;
  path?: string;
  /** Gives up when no new worker has answered for this long (a worker that never listens). */
  quietMs: number;
  /**
   * Gives up after this shorter quiet time while `noneLeft` says that every worker there is has answered
   * already (the process table shows no other), so only a worker not even forked yet could still come.
   */
  settled?: { quietMs: number; noneLeft: (pids: readonly number[]) => boolean };
  /** Gives up after this many requests, whatever happens. */
  maxRequests: number;
  /** Each request's own deadline. */
  requestTimeoutMs: number;
  signal?: AbortSignal;
  /** Stops early when a response is wrong: return true to stop. */
  stopOn?: (answer: WorkerAnswer) => boolean;
}

// The worker pid a response names in its x-worker-pid header.
export function workerPidOf(answer: HttpAnswer): number | undefined {
  const value = answer.headers['x-worker-pid'];
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

// Sends requests, each on a fresh connection, until `want` different workers have answered. A worker's listen()
// reaches the primary some milliseconds after the first one's, and nothing announces it: between answers
// from workers already seen, the requests back off (2 ms doubling to 50 ms). Request failures are thrown.
export async function collectWorkers(port: number, options: CollectOptions): Promise<CollectedWorkers> {
  const answers: WorkerAnswer[] = [];
  const pids: number[] = [];
  let lastNewAt = Date.now();
  let interval = 2;
  while (answers.length < options.maxRequests) {
    const answer = await httpGet(port, options.path ?? '/', { timeoutMs: options.requestTimeoutMs, signal: options.signal });
    const entry = { answer, pid: workerPidOf(answer) };
    answers.push(entry);
    if (options.stopOn?.(entry)) break;
    if (entry.pid !== undefined && !pids.includes(entry.pid)) {
      pids.push(entry.pid);
      lastNewAt = Date.now();
      interval = 2;
      if (pids.length >= options.want) return { answers, pids, complete: true, quietMs: 0 };
      continue;
    }
    const quietMs = options.settled?.noneLeft(pids) ? Math.min(options.settled.quietMs, options.quietMs) : options.quietMs;
    if (Date.now() - lastNewAt >= quietMs) return { answers, pids, complete: false, quietMs };
    try {
      await delay(interval, undefined, { signal: options.signal });
    } catch {
      throw new HttpFailure('cancelled', 'cancelled');
    }
    interval = Math.min(interval * 2, 50);
  }
  return { answers, pids, complete: pids.length >= options.want, quietMs: Date.now() - lastNewAt };
}
