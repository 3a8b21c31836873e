import { chownSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../http/free-port.js';
import { makeTempFolder, removeTempFolder } from '../owner/temp-folders.js';
import { copyFolder } from './copy-folder.js';
import { removeStaleServerFolders, serverScratchRoot } from './scratch-root.js';
import type { PostgresBinaries } from './find-postgres.js';
import { PostgresConnection, type PostgresWaitOptions } from './postgres-connection.js';
import { PostgresPortTakenError, startPostgresServer, type PostgresServer } from './postgres-server.js';
import { LEARNER_DATABASE, LEARNER_ROLE, postgresTemplate, randomPassword, SUPERUSER } from './postgres-template.js';
import { serverLauncher, type ServerLauncher } from './server-user.js';

/**
 * The connections the check keeps to its own server, opened at start and kept to the end: counted into
 * max_connections, so the learner's role gets exactly the connections asked for. The first also changed
 * the superuser's password; the second is free to hold a transaction open (a row lock) while the first asks.
 */
export const CHECK_CONNECTIONS = 2;
/** A template is made once per set of binaries: initdb alone takes seconds on a loaded machine. The longest that may take. */
export const TEMPLATE_TIMEOUT_MS = 60_000;
/** The name of every server's folder begins so. */
const FOLDER_PREFIX = 'snw-postgres-';
/** Another program took the free port between our look and the server's bind: a new port is tried this often. */
const PORT_ATTEMPTS = 3;

// A PostgreSQL the workshop started for one check run: a copy of the cached template on a free loopback
// port, in a folder of its own, run by an unprivileged user.
export interface PrivatePostgres {
  /** DATABASE_URL for the learner's programs: the learner role (not a superuser) and its database `workshop`. */
  url: string;
  port: number;
  /** The postmaster's pid, which is also its process group. */
  pid: number;
  /** How many connections the learner's role may have at once (DB_CONNECTIONS); the server refuses one more with "too many clients already". */
  connections: number;
  /** The check's own superuser connections (CHECK_CONNECTIONS of them), on the server's socket: no program can log in as that user. */
  checkConnections: readonly PostgresConnection[];
  /** Calls back for every line the server logs from now on (each statement of the learner's role among them); returns the unsubscribe function. */
  onLogLine(listener: (line: string) => void): () => void;
  /** True when this start had to make the template first (none was cached for these binaries). */
  madeTemplate: boolean;
  /** Closes the check's connections, stops the server and removes its folder. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface PrivatePostgresOptions extends PostgresWaitOptions {
  /** How many connections the learner's programs may use in all (DB_CONNECTIONS). */
  connections: number;
  /** Where templates are cached (default: the user's cache folder). */
  cacheDir?: string;
  /** How the server's programs are started (default: as this user, or as nobody when this is root). */
  launcher?: ServerLauncher;
}

// Starts a private PostgreSQL and resolves once the check's connections are in: the template (made and
// cached the first time) copied into a fresh folder, postgres on a free port, the superuser given a password
// of this run's own (the template's is in a file a program could read), and the check's connections opened.
export async function startPrivatePostgres(binaries: PostgresBinaries, options: PrivatePostgresOptions): Promise<PrivatePostgres> {
  if (!Number.isInteger(options.connections) || options.connections < 1) throw new RangeError(`connections must be a whole number of at least 1, not ${options.connections}`);
  const launcher = options.launcher ?? serverLauncher();
  const template = await postgresTemplate({ binaries, launcher, cacheDir: options.cacheDir, signal: options.signal, timeoutMs: Math.max(options.timeoutMs, TEMPLATE_TIMEOUT_MS) });
  removeStaleServerFolders(serverScratchRoot(), FOLDER_PREFIX);
  for (let attempt = 1; ; attempt++) {
    const folder = makeTempFolder(serverScratchRoot(), FOLDER_PREFIX);
    try {
      const dataDir = path.join(folder, 'data');
      if (launcher.owner) chownSync(folder, launcher.owner.uid, launcher.owner.gid);
      copyFolder(template.dataDir, dataDir, launcher.owner);
      const server = await startPostgresServer({
        ...options,
        binaries,
        launcher,
        dataDir,
        socketDir: folder,
        port: await freePort(),
        // No slots held back for superusers: the learner's connection past DB_CONNECTIONS meets the classic
        // "sorry, too many clients already" (with some held back, PostgreSQL says "remaining connection slots
        // are reserved …", in words that differ between versions). The check's connections are in before any program's.
        maxConnections: options.connections + CHECK_CONNECTIONS,
        reservedConnections: 0,
      });
      return await connectCheck(server, folder, template.password, options, template.built);
    } catch (error) {
      await removeTempFolder(folder);
      if (!(error instanceof PostgresPortTakenError) || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

async function connectCheck(server: PostgresServer, folder: string, templatePassword: string, options: PrivatePostgresOptions, madeTemplate: boolean): Promise<PrivatePostgres> {
  const connections: PostgresConnection[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const connection of connections) connection.close();
      await server.stop();
      await removeTempFolder(folder);
    })());
  try {
    const target = { host: folder, port: server.port, user: SUPERUSER, database: LEARNER_DATABASE };
    connections.push(await PostgresConnection.open({ ...target, password: templatePassword }, options));
    const password = randomPassword();
    await connections[0]!.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${password}'`, [], options);
    while (connections.length < CHECK_CONNECTIONS) connections.push(await PostgresConnection.open({ ...target, password }, options));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `postgres://${LEARNER_ROLE}@127.0.0.1:${server.port}/${LEARNER_DATABASE}`,
    port: server.port,
    pid: server.pid,
    connections: options.connections,
    checkConnections: connections,
    onLogLine: server.onLogLine,
    madeTemplate,
    stop,
  };
}
