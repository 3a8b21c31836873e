import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGroupAlive } from '../../../src/engine/terminate/group-members.js';
import { freePort } from '../../../src/engine/http/free-port.js';
import { listProcesses, readCommandLine } from '../../../src/engine/proc/process-table.js';
import { startPrivateRedis, RedisStartError } from '../../../src/engine/redis/private-redis.js';
import { provideRedis, RedisUnavailable } from '../../../src/engine/redis/provide-redis.js';
import { RedisConnection } from '../../../src/engine/redis/redis-connection.js';
import { parseRedisUrl } from '../../../src/engine/redis/redis-url.js';
import { findExecutable } from '../../../src/engine/find-executable.js';

const redisServer = findExecutable('redis-server');
const wait = { timeoutMs: 10_000 };

// redis-server processes alive now (the server renames its process title to "redis-server <address>").
const redisServers = () => listProcesses().filter((info) => /redis-server/.test((readCommandLine(info.pid) ?? []).join(' '))).map((info) => info.pid);

describe.skipIf(!redisServer)('private redis-server', () => {
  it('answers PING on a loopback port when it resolves, saves nothing, and leaves nothing when stopped', async () => {
    const server = await startPrivateRedis(redisServer!, wait);
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    const connection = await RedisConnection.open(parseRedisUrl(server.url), wait).catch(async (error) => {
      await server.stop();
      throw error;
    });
    const [, dir] = (await connection.command(['CONFIG', 'GET', 'dir'], wait)) as [string, string];
    expect(dir).toContain('snw-redis-');
    expect(await connection.command(['PING'], wait)).toBe('PONG');
    expect(await connection.command(['CONFIG', 'GET', 'save'], wait)).toEqual(['save', '']);
    expect(await connection.command(['CONFIG', 'GET', 'appendonly'], wait)).toEqual(['appendonly', 'no']);
    expect(await connection.command(['CONFIG', 'GET', 'bind'], wait)).toEqual(['bind', '127.0.0.1']);
    // A program may still ask for a save: it lands in the server's own folder, which goes with it.
    await connection.command(['SAVE'], wait);
    expect(existsSync(path.join(dir, 'dump.rdb'))).toBe(true);
    connection.close();
    expect(listProcesses().find((info) => info.pid === server.pid)?.pgid, 'its own process group').toBe(server.pid);
    await server.stop();
    expect(isGroupAlive(server.pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('is stopped when its start is cancelled, before it is ready', async () => {
    const before = new Set(redisServers());
    const controller = new AbortController();
    const started = startPrivateRedis(redisServer!, { ...wait, signal: controller.signal });
    controller.abort();
    await expect(started).rejects.toMatchObject({ name: 'WaitError', reason: 'cancelled' });
    expect(redisServers().filter((pid) => !before.has(pid))).toEqual([]);
  });

  it('says why when redis-server exits at start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'snw-test-fake-redis-'));
    const fake = path.join(dir, 'redis-server');
    writeFileSync(fake, '#!/bin/sh\necho "1:M 01 Dec 2026 08:30:36.773 # Fatal error loading the config"\nexit 1\n');
    chmodSync(fake, 0o755);
    try {
      await expect(startPrivateRedis(fake, wait)).rejects.toThrow(new RedisStartError('redis-server exited at start: # Fatal error loading the config'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('provideRedis', () => {
  it.skipIf(!redisServer)('starts a private server when redis-server is on PATH', async () => {
    const redis = await provideRedis({ ...wait, env: { PATH: path.dirname(redisServer!), REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      expect(redis.private).toBe(true);
      expect(redis.url).not.toBe('redis://127.0.0.1:1');
    } finally {
      await redis.stop();
    }
  });

  it.skipIf(!redisServer)("uses the learner's REDIS_URL when there is no redis-server on PATH", async () => {
    const server = await startPrivateRedis(redisServer!, wait);
    try {
      const redis = await provideRedis({ ...wait, env: { PATH: '/nonexistent', REDIS_URL: server.url } });
      expect(redis).toMatchObject({ url: server.url, private: false });
      await redis.stop();
      // Stopping the learner's Redis is not ours to do.
      const connection = await RedisConnection.open(parseRedisUrl(server.url), wait);
      expect(await connection.command(['PING'], wait)).toBe('PONG');
      connection.close();
    } finally {
      await server.stop();
    }
  });

  it('is unavailable with neither, saying what it looked for', async () => {
    await expect(provideRedis({ ...wait, env: { PATH: '/nonexistent' } })).rejects.toThrow(new RedisUnavailable('there is no redis-server on PATH and REDIS_URL is not set'));
  });

  it('is unavailable when REDIS_URL does not answer or is not a Redis URL', async () => {
    const port = await freePort();
    await expect(provideRedis({ ...wait, env: { PATH: '/nonexistent', REDIS_URL: `redis://127.0.0.1:${port}` } })).rejects.toThrow(
      new RegExp(`^there is no redis-server on PATH, and the Redis at REDIS_URL=redis://127.0.0.1:${port} does not answer PING \\(connect ECONNREFUSED`),
    );
    await expect(provideRedis({ ...wait, env: { PATH: '/nonexistent', REDIS_URL: 'localhost:6379' } })).rejects.toThrow(/^REDIS_URL is set, but "localhost:6379" is not a redis:\/\/ URL$/);
  });
});
