import { redactDatabaseUrl } from '../engine/postgres/database-url.js';
import { isServerError, type PostgresConnection, type PostgresWaitOptions, WORKSHOP_APPLICATION } from '../engine/postgres/postgres-connection.js';
import { providePostgres, PostgresUnavailable, type PostgresSearch, type ProvidedPostgres } from '../engine/postgres/provide-postgres.js';
import { StatementLog, type LoggedStatement } from '../engine/postgres/server-log.js';
import { pollQuestion } from '../engine/waits/poll-until.js';
import { raceDeadline } from '../engine/waits/race.js';
import { missingRequirement } from '../lessons/requirements.js';
import { RequirementMissing } from './requirement-missing.js';
import { timeouts } from './timeouts.js';

/** SQLSTATE 42P01: the table does not exist. */
const UNDEFINED_TABLE = '42P01';

// A row lock the check holds (SELECT … FOR UPDATE in an open transaction) until it releases it.
export interface HeldRowLock {
  /** How many rows it locked (0 when none matched: nothing is held up then). */
  rows: number;
  /** Ends the transaction, so what waited for the rows goes on. Safe to call more than once. */
  release(): Promise<void>;
}

// The PostgreSQL a check runs against, seen from the check: its own connections to ask and to hold locks
// with, what the programs' role keeps there, how many connections it has, and (on the private server) the
// statements it sent.
export class CheckPostgres {
  readonly #ask: PostgresConnection;
  readonly #lock: PostgresConnection;
  readonly #log = new StatementLog();
  readonly #syncs = new Map<string, () => void>();
  #syncCount = 0;
  #lockHeld = false;
  readonly #wait: PostgresWaitOptions;
  readonly #stopLog: () => void;

  private constructor(
    readonly provided: ProvidedPostgres,
    wait: PostgresWaitOptions,
  ) {
    [this.#ask, this.#lock] = provided.checkConnections as [PostgresConnection, PostgresConnection];
    this.#wait = wait;
    this.#stopLog = provided.onLogLine?.((line) => this.#record(line)) ?? (() => {});
  }

  /**
   * The PostgreSQL of one check run, for programs that may use `connections` connections in all (DB_CONNECTIONS):
   * a private server when PostgreSQL is installed, else the learner's DATABASE_URL. With neither, or a
   * server that cannot start here, throws RequirementMissing ("needs PostgreSQL": neither a pass nor the learner's failure).
   */
  static async provide(search: Omit<PostgresSearch, 'timeoutMs'> & { timeoutMs?: number }): Promise<CheckPostgres> {
    let provided: ProvidedPostgres;
    try {
      provided = await providePostgres({ timeoutMs: timeouts.startMs, ...search });
    } catch (error) {
      const name = (error as Error).name;
      if (error instanceof PostgresUnavailable || name === 'PostgresStartError' || name === 'ServerUserError') throw new RequirementMissing(missingRequirement('postgresql', (error as Error).message));
      throw error;
    }
    return new CheckPostgres(provided, { timeoutMs: timeouts.reactMs, signal: search.signal });
  }

  /** DATABASE_URL for the programs. */
  get url(): string {
    return this.provided.url;
  }

  /** The URL for a message: its password hidden. */
  get redactedUrl(): string {
    return redactDatabaseUrl(this.provided.url);
  }

  /** True for the workshop's own server: empty at the start, its connection limit enforced, its statements seen. */
  get isPrivate(): boolean {
    return this.provided.private;
  }

  /** DB_CONNECTIONS for the programs. */
  get connections(): number {
    return this.provided.connections;
  }

  /** The environment a program gets: DATABASE_URL and DB_CONNECTIONS. */
  get env(): { DATABASE_URL: string; DB_CONNECTIONS: string } {
    return { DATABASE_URL: this.url, DB_CONNECTIONS: String(this.connections) };
  }

  /** Runs a statement on the check's own connection (a superuser's on the private server) and resolves with its rows. */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.#ask.query<Row>(sql, params, this.#wait);
  }

  /** The tables of the programs' role (outside PostgreSQL's own schemas), as schema.name, in order. */
  async tables(): Promise<string[]> {
    const rows = await this.query<{ name: string }>(
      `SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE tableowner = $1 AND schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
      [this.provided.role],
    );
    return rows.map((row) => row.name);
  }

  /** Every row of a table ("counter" or "public.counter"), or undefined when there is no such table. */
  async readTable(table: string): Promise<Record<string, unknown>[] | undefined> {
    try {
      return await this.query(`SELECT * FROM ${qualified(table)}`);
    } catch (error) {
      if (isServerError(error) && error.code === UNDEFINED_TABLE) return undefined;
      throw error;
    }
  }

  /**
   * Locks the rows of `table` (those where `column` = `value`, or all) in a transaction of the check's second
   * connection, as another client's UPDATE would: every program statement that writes them waits until release.
   * One lock at a time.
   */
  async holdRowLock(table: string, where?: { column: string; value: unknown }): Promise<HeldRowLock> {
    if (this.#lockHeld) throw new Error('the check already holds a row lock: release it first');
    this.#lockHeld = true;
    try {
      await this.#lock.query('BEGIN', [], this.#wait);
      const condition = where ? ` WHERE ${quoteIdentifier(where.column)} = $1` : '';
      const rows = await this.#lock.query(`SELECT 1 FROM ${qualified(table)}${condition} FOR UPDATE`, where ? [where.value] : [], this.#wait);
      let released: Promise<void> | undefined;
      const release = () =>
        (released ??= this.#lock
          .query('COMMIT', [], this.#wait)
          .then(() => {})
          .finally(() => (this.#lockHeld = false)));
      return { rows: rows.length, release };
    } catch (error) {
      await this.#lock.query('ROLLBACK', [], this.#wait).catch(() => {});
      this.#lockHeld = false;
      throw error;
    }
  }

  /** How many connections the programs' role has open now (the check's own not counted). */
  async learnerConnections(): Promise<number> {
    const [row] = await this.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pg_stat_activity WHERE usename = $1 AND backend_type = 'client backend' AND pid <> ALL($2::int[])`,
      [this.provided.role, this.#ownPids()],
    );
    return row!.count;
  }

  /**
   * Waits until at least `count` connections of the programs wait for a lock (behind holdRowLock, say).
   * PostgreSQL has no event for it: pg_stat_activity is read with a short backoff. Resolves false at the deadline.
   */
  async waitForLockWaiters(count: number, timeoutMs: number): Promise<boolean> {
    const waiting = async () => {
      const [row] = await this.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock' AND pid <> ALL($2::int[])`,
        [this.provided.role, this.#ownPids()],
      );
      return row!.count >= count;
    };
    return pollQuestion(waiting, { timeoutMs, signal: this.#wait.signal });
  }

  /**
   * The statements the programs' role sent, in the order the server logged them (each as it began, so one
   * that waits for a lock is there already). Only the private server logs them: empty on the learner's.
   * Call sync() first to have every statement sent so far.
   */
  get statements(): readonly LoggedStatement[] {
    return this.#log.statements;
  }

  /** Resolves once the log has been read up to now (the check logs a marker and waits for it). Nothing to wait for on the learner's PostgreSQL. */
  async sync(): Promise<void> {
    if (!this.provided.onLogLine) return;
    const marker = `snw-sync-${++this.#syncCount}`;
    await raceDeadline<void>(
      this.#wait.timeoutMs,
      (resolve, reject) => {
        this.#syncs.set(marker, resolve);
        this.#ask.query(`DO $$ BEGIN RAISE LOG '${marker}'; END $$`, [], this.#wait).catch(reject);
        return () => this.#syncs.delete(marker);
      },
      this.#wait.signal,
    );
  }

  /** Closes the check's connections and stops the server when it is the workshop's own. */
  async close(): Promise<void> {
    this.#stopLog();
    await this.provided.stop();
  }

  #ownPids(): number[] {
    return this.provided.checkConnections.map((connection) => connection.backendPid);
  }

  #record(line: string): void {
    const parsed = this.#log.push(line);
    if (parsed?.level !== 'LOG' || !this.#syncs.has(parsed.message)) return;
    this.#syncs.get(parsed.message)!();
    this.#syncs.delete(parsed.message);
  }
}

/** The application name of the check's own connections, for a check that lists connections itself. */
export { WORKSHOP_APPLICATION };

// "counter" or "public.counter" as quoted identifiers.
function qualified(table: string): string {
  return table.split('.').map(quoteIdentifier).join('.');
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
