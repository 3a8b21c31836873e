import { redactPassword } from '../redact-url.js';

// Where a Redis is and how to log in: what a redis:// or rediss:// URL (REDIS_URL) says.
export interface RedisTarget {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  /** The logical database (the URL's path, /2); 0 when not given. */
  db: number;
}

// Reads a Redis URL (redis://[user:password@]host[:port][/db]); throws an Error saying what is wrong with it.
export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${JSON.stringify(url)} is not a URL (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`${JSON.stringify(url)} is not a redis:// URL`);
  const dbText = parsed.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(dbText)) throw new Error(`${JSON.stringify(url)}: the path must be a database number (/0), not /${dbText}`);
  const decode = (text: string) => (text === '' ? undefined : decodeURIComponent(text));
  return {
    // new URL keeps the brackets of an IPv6 host; net.connect wants it bare.
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    tls: parsed.protocol === 'rediss:',
    username: decode(parsed.username),
    password: decode(parsed.password),
    db: dbText === '' ? 0 : Number(dbText),
  };
}

/** A Redis URL for a learner to read: the password replaced by ***. */
export const redactRedisUrl = redactPassword;
