import { describe, expect, it } from 'vitest';
import { parseRedisUrl, redactRedisUrl } from '../../../src/engine/redis/redis-url.js';

describe('parseRedisUrl', () => {
  it('reads host, port, login and database', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toEqual({ host: '127.0.0.1', port: 6379, tls: false, username: undefined, password: undefined, db: 0 });
    expect(parseRedisUrl('rediss://me:s%40cret@cache.example:6380/2')).toEqual({ host: 'cache.example', port: 6380, tls: true, username: 'me', password: 's@cret', db: 2 });
    expect(parseRedisUrl('redis://:pw@localhost')).toMatchObject({ host: 'localhost', port: 6379, username: undefined, password: 'pw' });
    expect(parseRedisUrl('redis://[::1]:7000')).toMatchObject({ host: '::1', port: 7000 });
  });

  it('says what is wrong with a URL it cannot use', () => {
    expect(() => parseRedisUrl('localhost:6379')).toThrow(/is not a redis:\/\/ URL/);
    expect(() => parseRedisUrl('not a url')).toThrow(/is not a URL/);
    expect(() => parseRedisUrl('redis://localhost/cache')).toThrow(/database number/);
  });

  it('hides the password when a URL is shown', () => {
    expect(redactRedisUrl('redis://me:secret@host:1/0')).toBe('redis://me:***@host:1/0');
    expect(redactRedisUrl('redis://host:1')).toBe('redis://host:1');
  });
});
