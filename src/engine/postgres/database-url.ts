import { redactPassword } from '../redact-url.js';

// Checks that a DATABASE_URL is a PostgreSQL URL (postgres:// or postgresql://); throws an Error saying what is wrong with it.
export function checkDatabaseUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${JSON.stringify(url)} is not a URL (expected postgres://user:password@host:port/database)`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new Error(`${JSON.stringify(url)} is not a postgres:// URL`);
}

/** A DATABASE_URL for a learner to read: the password replaced by ***. */
export const redactDatabaseUrl = redactPassword;
