import { provideRedis, RedisUnavailable } from '../engine/redis/provide-redis.js';
import { redactRedisUrl } from '../engine/redis/redis-url.js';
import { missingRequirement } from '../lessons/requirements.js';
import { ClusterCheckContext } from './cluster-check-context.js';
import type { ClusterRun } from './cluster-run.js';
import { CheckRedis } from './check-redis.js';
import { missingPackage, missingPackageFailure, refusedElsewhere, wrongRedisFailure } from './failures/redis-failures.js';
import { RequirementMissing } from './requirement-missing.js';
import { timeouts } from './timeouts.js';
import { watchOutgoing } from '../engine/http/listen-ports.js';
import { readTcpTable, type TcpSocket } from '../engine/proc/tcp-table.js';
import { treeOf } from '../engine/proc/process-tree.js';

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
   * claimDefaults) with WORKERS set (undefined: unset) and REDIS_URL naming the run's Redis. From then until
   * it ends, a program that shows it reaches another Redis than REDIS_URL's fails the running step at once
   * (see connectsElsewhere): its client would retry there until a deadline.
   */
  async startInstance(options: { workers: number | undefined; portUnset?: boolean }): Promise<RedisRun> {
    const redis = await this.useRedis();
    const started = await this.startCluster({ workers: options.workers, portUnset: options.portUnset, env: { REDIS_URL: redis.url } });
    const run = { ...started, redisUrl: redis.url };
    const watch = connectsElsewhere(run, this.#socketTable, ({ address, how }) => this.failAtOnce(wrongRedisFailure(address, run.redisUrl, run.program, how)));
    this.#lookNow.set(run, watch.lookNow);
    void run.program.exited.finally(watch.stop);
    this.cleanups.push(async () => watch.stop());
    return run;
  }

  // Per instance, a look at the socket table now (see connectsElsewhere).
  readonly #lookNow = new WeakMap<RedisRun, () => void>();

  // One read of the socket table per tick for every instance watched (see connectsElsewhere): it costs the
  // kernel a walk of every socket of the machine.
  readonly #socketTable = new SharedTicker(ELSEWHERE_POLL_MS, readTcpTable);

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
      await this.waitForPort(run, { timeoutMs: 2 * timeouts.startMs, asleepWithinMs: 0, ...options });
      // A program that connects before it listens holds its connection now: to another Redis, the instance
      // has not started as the step requires, whenever the next tick of the watch would have seen it.
      this.#lookNow.get(run)?.();
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

/** How often the socket table is read for a connection of the program's to another port than Redis's. */
const ELSEWHERE_POLL_MS = 200;

/** Calls every subscriber with one reading of `read` every `intervalMs`, while there is a subscriber. */
class SharedTicker<T> {
  readonly #subscribers = new Set<(value: T) => void>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly intervalMs: number,
    readonly read: () => T,
  ) {}

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(onValue: (value: T) => void): () => void {
    this.#subscribers.add(onValue);
    this.#timer ??= setInterval(() => {
      const value = this.read();
      for (const subscriber of [...this.#subscribers]) subscriber(value);
    }, this.intervalMs).unref();
    return () => {
      this.#subscribers.delete(onValue);
      if (this.#subscribers.size > 0) return;
      clearInterval(this.#timer);
      this.#timer = undefined;
    };
  }
}

/**
 * Watches an instance for a Redis it reaches other than the run's: a refused connection its stderr reports
 * ("connect ECONNREFUSED 127.0.0.1:6379"), or a connection its processes make to another port than
 * REDIS_URL's in the socket table (a hard-coded URL that found the learner's own Redis, or any other
 * server: the lesson's program talks to its Redis only). Calls back once with the address; returns the
 * function that ends the watch, and one that reads the table at once. There is no event for a new socket:
 * the table is read on every tick of `table`, and holds the connection as long as it is open.
 */
function connectsElsewhere(
  run: RedisRun,
  table: SharedTicker<TcpSocket[] | undefined>,
  onFound: (found: { address: string; how: 'refused' | 'connected' }) => void,
): { stop: () => void; lookNow: () => void } {
  const redisPort = Number(new URL(run.redisUrl).port || 6379);
  let done = false;
  const found = (address: string, how: 'refused' | 'connected') => {
    if (done) return;
    stop();
    onFound({ address, how });
  };
  const offLine = run.program.stderr.onLine((line) => {
    const address = refusedElsewhere(line, run.redisUrl);
    if (address) found(address, 'refused');
  });
  // The program's own port is allowed too: a worker may ask its own server.
  const look = watchOutgoing(() => treeOf(run.program.pid), [redisPort, run.port]);
  const judge = (sockets: TcpSocket[] | undefined) => {
    const address = sockets && look(sockets)[0];
    if (address) found(address, 'connected');
  };
  const offTable = table.subscribe(judge);
  const stop = () => {
    done = true;
    offLine();
    offTable();
  };
  return {
    stop,
    lookNow: () => {
      if (!done) judge(table.read());
    },
  };
}
