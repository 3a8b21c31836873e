import type { Client, ClientConfig, QueryResultRow } from 'pg';
import { raceDeadline } from '../waits/race.js';
import { isCancelled, WaitError } from '../waits/wait-errors.js';

// How long a connection or a statement may take, and what cancels it.
export interface PostgresWaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

// Where a PostgreSQL is and who logs in: a DATABASE_URL, or the parts of one (host may be a socket folder).
export type PostgresTarget = { connectionString: string } | { host: string; port: number; user: string; password?: string; database: string };

// The connection was refused, lost or timed out: no answer will come.
export class PostgresConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresConnectionError';
  }
}

/** The application name the workshop's own connections show in pg_stat_activity. */
export const WORKSHOP_APPLICATION = 'scaling-node-workshop';

// One connection to a PostgreSQL through node-postgres, loaded on first use so that no other command pays
// for it. Statements are answered in order; a deadline or a cancel closes the connection (what it was
// doing is then unknown), and a lost connection fails every later statement instead of reconnecting.
export class PostgresConnection {
  readonly #client: Client;
  #lost: Error | undefined;

  private constructor(
    client: Client,
    /** The server process serving this connection (pg_backend_pid()). */
    readonly backendPid: number,
  ) {
    this.#client = client;
  }

  /** Connects and logs in; fails with PostgresConnectionError when the server does not let it in within timeoutMs. */
  static async open(target: PostgresTarget, options: PostgresWaitOptions): Promise<PostgresConnection> {
    const { default: pg } = await import('pg');
    const config: ClientConfig = { ...target, application_name: WORKSHOP_APPLICATION };
    const client = new pg.Client(config);
    let lost: Error | undefined;
    // node-postgres emits 'error' for a connection lost while idle: unheard, it would crash the workshop.
    client.on('error', (error) => (lost ??= new PostgresConnectionError(error.message)));
    try {
      await settle(client.connect(), options, `no connection within ${options.timeoutMs} ms`);
      const { rows } = await settle(client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'), options, `no answer within ${options.timeoutMs} ms`);
      const connection = new PostgresConnection(client, rows[0]!.pid);
      connection.#lost = lost;
      client.removeAllListeners('error');
      client.on('error', (error) => (connection.#lost ??= new PostgresConnectionError(error.message)));
      return connection;
    } catch (error) {
      void client.end().catch(() => {});
      // The server's refusal (53300: too many connections, 28P01: a wrong password) and a cancel stay what they are.
      if (isServerError(error) || isCancelled(error)) throw error;
      throw asConnectionError(error);
    }
  }

  /** Runs one statement ($1, $2 … for `params`) and resolves with its rows; the server's refusal rejects with its own error (a `code` such as 40P01). */
  async query<Row extends QueryResultRow = QueryResultRow>(sql: string, params: readonly unknown[], options: PostgresWaitOptions): Promise<Row[]> {
    if (this.#lost) throw this.#lost;
    try {
      const result = await settle(this.#client.query<Row>(sql, params as unknown[]), options, `no answer to ${JSON.stringify(firstWords(sql))} within ${options.timeoutMs} ms`);
      return result.rows;
    } catch (error) {
      if (isServerError(error)) throw error;
      this.close();
      throw isCancelled(error) ? error : asConnectionError(error);
    }
  }

  /** Closes the connection (the server ends its session, so its transaction and locks go with it). */
  close(): void {
    this.#lost ??= new PostgresConnectionError('the connection was closed');
    void this.#client.end().catch(() => {});
  }
}

// An error the server sent (it has a SQLSTATE code), as opposed to a connection that broke.
export function isServerError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((error as unknown as { code: string }).code);
}

/** SQLSTATE 53300: the server refused a connection because it has as many as it allows ("sorry, too many clients already"). */
export const TOO_MANY_CONNECTIONS = '53300';

// A promise raced against the deadline and the cancel; a passed deadline says what did not come.
function settle<T>(promise: Promise<T>, options: PostgresWaitOptions, timedOut: string): Promise<T> {
  return raceDeadline<T>(
    options.timeoutMs,
    (resolve, reject) => {
      promise.then(resolve, reject);
      return () => {};
    },
    options.signal,
  ).catch((error: unknown) => {
    if (error instanceof WaitError && error.reason === 'timeout') throw new PostgresConnectionError(timedOut);
    throw error;
  });
}

function asConnectionError(error: unknown): Error {
  return error instanceof PostgresConnectionError ? error : new PostgresConnectionError((error as Error).message);
}

function firstWords(sql: string): string {
  const words = sql.trim().split(/\s+/);
  return words.slice(0, 4).join(' ') + (words.length > 4 ? ' …' : '');
}
