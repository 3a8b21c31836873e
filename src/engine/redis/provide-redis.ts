import { findExecutable } from '../find-executable.js';
import { isCancelled } from '../waits/wait-errors.js';
import { startPrivateRedis } from './private-redis.js';
import { RedisConnection, type RedisWaitOptions } from './redis-connection.js';
import { parseRedisUrl, redactRedisUrl } from './redis-url.js';

// The Redis a check runs against: the workshop's own (empty, private) or the learner's (REDIS_URL, shared).
export interface ProvidedRedis {
  url: string;
  /** True for the workshop's private server: empty at the start, nobody else uses it. */
  private: boolean;
  /** Stops the private server; leaves the learner's Redis as it is. */
  stop(): Promise<void>;
}

// No Redis to run against: why, in one sentence for the learner.
export class RedisUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RedisUnavailable';
  }
}

// Where to look for a Redis: the workshop's own environment (PATH, REDIS_URL).
export interface RedisSearch extends RedisWaitOptions {
  env?: NodeJS.ProcessEnv;
}

// The Redis for one check run, in the curriculum's order: a private redis-server when one is on PATH, else the
// Redis at REDIS_URL when it answers PING, else RedisUnavailable saying what was looked for.
export async function provideRedis(search: RedisSearch): Promise<ProvidedRedis> {
  const env = search.env ?? process.env;
  const executable = findExecutable('redis-server', env.PATH);
  if (executable) {
    const server = await startPrivateRedis(executable, search);
    return { url: server.url, private: true, stop: server.stop };
  }
  const url = env.REDIS_URL?.trim();
  if (!url) throw new RedisUnavailable('there is no redis-server on PATH and REDIS_URL is not set');
  let target;
  try {
    target = parseRedisUrl(url);
  } catch (error) {
    throw new RedisUnavailable(`REDIS_URL is set, but ${(error as Error).message}`);
  }
  let connection: RedisConnection | undefined;
  try {
    connection = await RedisConnection.open(target, search);
    await connection.command(['PING'], search);
  } catch (error) {
    if (isCancelled(error)) throw error;
    throw new RedisUnavailable(`there is no redis-server on PATH, and the Redis at REDIS_URL=${redactRedisUrl(url)} does not answer PING (${(error as Error).message})`);
  } finally {
    connection?.close();
  }
  return { url, private: false, stop: async () => {} };
}
