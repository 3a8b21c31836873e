import { describe, expect, it } from 'vitest';
import { missingPackage, missingPackageFailure, refusedElsewhere, wrongRedisFailure } from '../../../src/checks/failures/redis-failures.js';

const program = { pid: 1, file: '/home/ada/my work/14-redis-state.js', exitInfo: { code: 1, signal: null }, spawnError: undefined, stderr: { text: '', lines: [] } };

describe('missingPackage', () => {
  it('names the package node could not find, as ESM and CommonJS say it', () => {
    expect(missingPackage("Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'redis' imported from /w/14-redis-state.js")).toBe('redis');
    expect(missingPackage("Error: Cannot find module 'ioredis'\nRequire stack:")).toBe('ioredis');
    expect(missingPackage("Cannot find package '@redis/client/dist/index.js' imported from /w/a.js")).toBe('@redis/client');
  });

  it('is not fooled by a missing file of the learner, or a node: module', () => {
    expect(missingPackage("Cannot find module './counter.js' imported from /w/a.js")).toBeUndefined();
    expect(missingPackage("Cannot find module '/w/counter.js'")).toBeUndefined();
    expect(missingPackage('TypeError: x is not a function')).toBeUndefined();
  });
});

describe('missingPackageFailure', () => {
  it('gives the exact command for the folder of the file, quoted for a shell when it must be', () => {
    expect(missingPackageFailure('redis', program)).toMatchObject({
      message: 'Your program cannot find the package "redis": it is not installed in /home/ada/my work or a folder above it.',
      hint: "Install it where your file is: cd '/home/ada/my work' && npm install redis",
    });
    expect(missingPackageFailure('ioredis', { ...program, file: '/w/14-redis-state.js' }).hint).toBe('Install it where your file is: cd /w && npm install ioredis');
  });
});

describe('refusedElsewhere', () => {
  it('finds a connection refused at another address than REDIS_URL', () => {
    expect(refusedElsewhere('Error: connect ECONNREFUSED 127.0.0.1:6379', 'redis://127.0.0.1:40123')).toBe('127.0.0.1:6379');
    expect(refusedElsewhere('connect ECONNREFUSED ::1:6379', 'redis://127.0.0.1:40123')).toBe('::1:6379');
  });

  it('is quiet when the refusals are at REDIS_URL itself, or there are none', () => {
    expect(refusedElsewhere('connect ECONNREFUSED 127.0.0.1:40123', 'redis://127.0.0.1:40123')).toBeUndefined();
    expect(refusedElsewhere('connect ECONNREFUSED 127.0.0.1:6379', 'redis://localhost')).toBeUndefined();
    expect(refusedElsewhere('', 'redis://127.0.0.1:40123')).toBeUndefined();
  });

  it('wrongRedisFailure says where it went and where it should have, without the password', () => {
    const failure = wrongRedisFailure('127.0.0.1:6379', 'redis://me:secret@127.0.0.1:40123', program);
    expect(failure.message).toBe('Your program tries to reach a Redis at 127.0.0.1:6379, and nothing answers there; REDIS_URL is redis://me:***@127.0.0.1:40123.');
    expect(failure.hint).toContain('process.env.REDIS_URL');
  });

  it('wrongRedisFailure of a connection the socket table shows names the port it connects to and REDIS_URL', () => {
    const failure = wrongRedisFailure('127.0.0.1:6380', 'redis://me:secret@127.0.0.1:40123', program, 'connected');
    expect(failure.message).toBe('Your program connects to port 6380 (127.0.0.1:6380), not to the Redis REDIS_URL names (redis://me:***@127.0.0.1:40123).');
    expect(failure.actual).toBe('connected to 127.0.0.1:6380');
  });
});
