import { isCancelled } from '../waits/wait-errors.js';
import { checkDatabaseUrl, redactDatabaseUrl } from './database-url.js';
import { findPostgres } from './find-postgres.js';
import { PostgresConnection, type PostgresWaitOptions } from './postgres-connection.js';
import { CHECK_CONNECTIONS, startPrivatePostgres } from './private-postgres.js';
import { LEARNER_ROLE } from './postgres-template.js';

// The PostgreSQL a check runs against: the workshop's own (empty, private) or the learner's (DATABASE_URL, shared).
export interface ProvidedPostgres {
  /** DATABASE_URL for the programs. */
  url: string;
  /** True for the workshop's private server: empty at the start, nobody else uses it, its limit is enforced. */
  private: boolean;
  /** DB_CONNECTIONS for the programs: how many connections they may use in all (the private server refuses one more). */
  connections: number;
  /** The role the programs log in as: whose connections learnerConnections counts. */
  role: string;
  /** The check's own connections (CHECK_CONNECTIONS), open for the whole run: a superuser's on the private server, DATABASE_URL's role on the learner's. */
  checkConnections: readonly PostgresConnection[];
  /** The private server's log, line by line (every statement of the learner's role is in it); undefined for the learner's PostgreSQL. */
  onLogLine: ((listener: (line: string) => void) => () => void) | undefined;
  /** Closes the check's connections and stops the private server; leaves the learner's PostgreSQL as it is. */
  stop(): Promise<void>;
}

// No PostgreSQL to run against: why, in one sentence for the learner.
export class PostgresUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PostgresUnavailable';
  }
}

export interface PostgresSearch extends PostgresWaitOptions {
  /** How many connections the programs may use in all (DB_CONNECTIONS). */
  connections: number;
  /** The workshop's own environment: PATH, DATABASE_URL. */
  env?: NodeJS.ProcessEnv;
  /** Where templates are cached (default: the user's cache folder). */
  cacheDir?: string;
  /** Where PostgreSQL is looked for besides PATH (default: the folders packages use; tests pass none). */
  packageFolders?: Parameters<typeof findPostgres>[1];
}

/** What is looked for, in the messages: the two programs a private server needs. */
const NO_SERVER = 'PostgreSQL is not installed (no initdb and postgres on PATH or where packages put them)';

// The PostgreSQL for one check run, in the curriculum's order: a private server when PostgreSQL is installed,
// else the one at DATABASE_URL when it lets the check in, else PostgresUnavailable saying what was looked for.
export async function providePostgres(search: PostgresSearch): Promise<ProvidedPostgres> {
  const env = search.env ?? process.env;
  const binaries = findPostgres(env, search.packageFolders);
  if (binaries) {
    const server = await startPrivatePostgres(binaries, search);
    return { url: server.url, private: true, connections: server.connections, role: LEARNER_ROLE, checkConnections: server.checkConnections, onLogLine: server.onLogLine, stop: server.stop };
  }
  const url = env.DATABASE_URL?.trim();
  if (!url) throw new PostgresUnavailable(`${NO_SERVER} and DATABASE_URL is not set`);
  try {
    checkDatabaseUrl(url);
  } catch (error) {
    throw new PostgresUnavailable(`DATABASE_URL is set, but ${(error as Error).message}`);
  }
  const connections: PostgresConnection[] = [];
  const closeAll = () => connections.forEach((connection) => connection.close());
  try {
    while (connections.length < CHECK_CONNECTIONS) connections.push(await PostgresConnection.open({ connectionString: url }, search));
    const [{ role }] = (await connections[0]!.query<{ role: string }>('SELECT current_user AS role', [], search)) as [{ role: string }];
    return { url, private: false, connections: search.connections, role, checkConnections: connections, onLogLine: undefined, stop: async () => closeAll() };
  } catch (error) {
    closeAll();
    if (isCancelled(error)) throw error;
    throw new PostgresUnavailable(`${NO_SERVER}, and the PostgreSQL at DATABASE_URL=${redactDatabaseUrl(url)} does not let the check in (${(error as Error).message})`);
  }
}
