import { provideRedis, RedisUnavailable } from '../engine/redis/provide-redis.js';
import { redactRedisUrl } from '../engine/redis/redis-url.js';
import { missingRequirement } from '../lessons/requirements.js';
import { ClusterCheckContext } from './cluster-check-context.js';
import type { ClusterRun } from './cluster-run.js';
import { CheckRedis } from './check-redis.js';
import { missingPackage, missingPackageFailure, refusedElsewhere, wrongRedisFailure } from './failures/redis-failures.js';
import { RequirementMissing } from './requirement-missing.js';
import { timeouts } from './timeouts.js';
import { connectionsTo } from '../engine/http/listen-ports.js';
import { liveTree } from '../engine/proc/process-tree.js';

// A cluster program started against the run's Redis.
export interface RedisRun extends ClusterRun {
  redisUrl: string;
}

// The check API of the lesson that keeps its state in Redis, on top of the cluster API: the run's Redis
// (the workshop's own, or the learner's at REDIS_URL), and instances of the program started against it.
export class RedisCheckContext extends ClusterCheckContext {
  #redis: CheckRedis | undefined;

  /**
   * The Redis of this run: a private redis-server when one is installed, else the learner's REDIS_URL.
   * With neither, ends the check as "needs Redis" (neither a pass nor the learner's failure). Stopped when the check ends.
   */
  async useRedis(): Promise<CheckRedis> {
    if (this.#redis) return this.#redis;
    let provided;
    try {
      provided = await provideRedis({ timeoutMs: timeouts.startMs, signal: this.settings.signal });
    } catch (error) {
      if (error instanceof RedisUnavailable || (error as Error).name === 'RedisStartError') throw new RequirementMissing(missingRequirement('redis', (error as Error).message));
      throw error;
    }
    try {
      this.#redis = await CheckRedis.open(provided, this.settings.signal);
    } catch (error) {
      await provided.stop();
      if ((error as Error).name === 'WaitError') throw error;
      throw new RequirementMissing(missingRequirement('redis', `the Redis at ${redactRedisUrl(provided.url)} could not be watched (${(error as Error).message})`));
    }
    const redis = this.#redis;
    this.cleanups.push(() => redis.close());
    return redis;
  }

  /**
   * Starts an instance of the program on a free PORT (or, `portUnset`, none: the default 8000, see
   * claimDefaults) with WORKERS set (undefined: unset) and REDIS_URL naming the run's Redis.
   */
  async startInstance(options: { workers: number | undefined; portUnset?: boolean }): Promise<RedisRun> {
    const redis = await this.useRedis();
    const run = await this.startCluster({ workers: options.workers, portUnset: options.portUnset, env: { REDIS_URL: redis.url } });
    return { ...run, redisUrl: redis.url };
  }

  /**
   * Waits until the instance listens on its PORT, as waitForPort does; a program that stopped because it
   * cannot find its Redis client fails with the command that installs it in the learner's folder.
   */
  async waitForInstance(run: RedisRun, options: { hint?: string } = {}): Promise<void> {
    try {
      // Twice the usual start deadline: the primary and every worker load a Redis client (node-redis alone
      // takes about 0.4 s of CPU) and connect before they listen.
      // Not ended when the program seems asleep: a worker waiting for an answer from Redis (outside the
      // program, and slow on a loaded machine) sleeps with nothing due, yet goes on once Redis answers.
      // Ended at once when it shows that it connects to another Redis than REDIS_URL's: its client would retry
      // there until the deadline.
      const listening = this.waitForPort(run, { timeoutMs: 2 * timeouts.startMs, asleepWithinMs: 0, ...options });
      listening.catch(() => {});
      const elsewhere = connectsElsewhere(run);
      try {
        await Promise.race([listening, elsewhere.found.then(({ address, how }) => this.fail(wrongRedisFailure(address, run.redisUrl, run.program, how)))]);
      } finally {
        elsewhere.stop();
      }
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'StepFailure') throw error;
      const stderr = run.program.stderr.text;
      const name = missingPackage(stderr);
      if (name) this.fail(missingPackageFailure(name, run.program));
      const elsewhere = refusedElsewhere(stderr, run.redisUrl);
      if (elsewhere) this.fail(wrongRedisFailure(elsewhere, run.redisUrl, run.program));
      throw error;
    }
  }

  /** Stops an instance and everything it started, now (the check goes on with another one). */
  async stopInstance(run: RedisRun): Promise<void> {
    await run.program.stop();
  }
}

/** How often the socket table is read for a connection to Redis's default port while an instance starts. */
const ELSEWHERE_POLL_MS = 100;

/**
 * Watches a starting instance for a Redis it reaches other than the run's: a refused connection its stderr
 * reports ("connect ECONNREFUSED 127.0.0.1:6379"), or a connection of its processes to Redis's default port
 * 6379 in the socket table (a hard-coded URL that found the learner's own Redis). `found` resolves with the
 * address; `stop` ends the watch.
 */
function connectsElsewhere(run: RedisRun): { found: Promise<{ address: string; how: 'refused' | 'connected' }>; stop: () => void } {
  const redisPort = Number(new URL(run.redisUrl).port || 6379);
  let stop = () => {};
  const found = new Promise<{ address: string; how: 'refused' | 'connected' }>((resolve) => {
    const offLine = run.program.stderr.onLine((line) => {
      const address = refusedElsewhere(line, run.redisUrl);
      if (address) resolve({ address, how: 'refused' });
    });
    const timer = setInterval(() => {
      if (redisPort === 6379) return;
      const pids = liveTree(run.program.pid) ?? [run.program.pid];
      const address = connectionsTo(6379, pids)[0];
      if (address) resolve({ address, how: 'connected' });
    }, ELSEWHERE_POLL_MS);
    timer.unref();
    stop = () => {
      offLine();
      clearInterval(timer);
    };
  });
  return { found, stop: () => stop() };
}
