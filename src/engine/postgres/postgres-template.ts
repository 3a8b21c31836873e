import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { freePort } from '../http/free-port.js';
import { raceDeadline } from '../waits/race.js';
import { makeTempFolder, removeTempFolder } from '../owner/temp-folders.js';
import { terminateGroup } from '../terminate/terminate-group.js';
import { copyFolder } from './copy-folder.js';
import { serverScratchRoot } from './scratch-root.js';
import type { PostgresBinaries } from './find-postgres.js';
import { PostgresConnection, type PostgresWaitOptions } from './postgres-connection.js';
import { PostgresStartError, startPostgresServer } from './postgres-server.js';
import type { ServerLauncher } from './server-user.js';

// node:crypto when it is used: loaded with the engine, it costs every verification some 5 ms (lesson 15 only needs it).
const crypto = () => process.getBuiltinModule('node:crypto');

/** A password no one can guess, for a role of a private PostgreSQL (safe inside a quoted SQL string). */
export function randomPassword(): string {
  return crypto().randomBytes(18).toString('base64url');
}

/** The roles and database every private PostgreSQL has. */
export const SUPERUSER = 'verifier';
export const LEARNER_ROLE = 'learner';
export const LEARNER_DATABASE = 'workshop';

/** Bumped whenever what the template holds changes: templates of an older recipe are not used. */
const RECIPE = 3;

// A data folder ready to copy: initdb's, with the learner role and database made, shut down cleanly.
export interface PostgresTemplate {
  /** The data folder to copy for each server. */
  dataDir: string;
  /** The superuser's password in the template (each server replaces it at start). */
  password: string;
  /** True when this call made the template (nothing cached for these binaries yet). */
  built: boolean;
}

export interface TemplateOptions extends PostgresWaitOptions {
  binaries: PostgresBinaries;
  launcher: ServerLauncher;
  /** Where templates are kept (default: the user's cache folder, see postgresCacheFolder). */
  cacheDir?: string;
}

// The folder of this user's cached templates: $XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS.
export function postgresCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  return postgresCacheFolderIn(process.platform === 'darwin' ? path.join(homedir(), 'Library', 'Caches') : env.XDG_CACHE_HOME?.trim() || path.join(homedir(), '.cache'));
}

/** The templates' folder in the user's cache folder `cache` (~/.cache). */
export function postgresCacheFolderIn(cache: string): string {
  return path.join(cache, 'scaling-node-workshop', 'postgres');
}

// The template for these binaries: the cached one, else one made now (initdb, then the roles) and cached.
// Each set of binaries has a template of its own, named by their path, size and time (an upgraded
// package gets a new one). Two workshops making it at once each make their own and rename it into
// place; the one that comes second uses the first's, so a reader never sees half a template.
export async function postgresTemplate(options: TemplateOptions): Promise<PostgresTemplate> {
  const cacheDir = options.cacheDir ?? postgresCacheFolder();
  const folder = path.join(cacheDir, `template-${templateKey(options.binaries)}`);
  const cached = readTemplate(folder);
  if (cached) return { ...cached, built: false };
  const made = await makeTemplate(options);
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const staging = path.join(cacheDir, `.building-${crypto().randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(staging, { mode: 0o700 });
      copyFolder(made.dataDir, path.join(staging, 'data'));
      writeFileSync(path.join(staging, 'password'), made.password, { mode: 0o600 });
      renameSync(staging, folder);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      // Another workshop put its template there first: that one serves.
      const theirs = readTemplate(folder);
      if (theirs) return { ...theirs, built: true };
      if (existsSync(folder)) throw new PostgresStartError(`the cached PostgreSQL template ${folder} cannot be read: remove that folder and try again`);
      throw error;
    }
  } finally {
    await removeTempFolder(made.workDir);
  }
  return { ...readTemplate(folder)!, built: true };
}

function readTemplate(folder: string): { dataDir: string; password: string } | undefined {
  const dataDir = path.join(folder, 'data');
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) return undefined;
    return { dataDir, password: readFileSync(path.join(folder, 'password'), 'utf8') };
  } catch {
    return undefined;
  }
}

// Names the binaries' version without running them: where they are and their size and modification time.
export function templateKey(binaries: PostgresBinaries): string {
  const hash = crypto().createHash('sha256').update(String(RECIPE));
  for (const file of [binaries.initdb, binaries.postgres]) {
    const real = realpathSync(file);
    const stat = statSync(real);
    hash.update(`\0${real}\0${stat.size}\0${stat.mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 16);
}

// initdb into a folder of its own (the server's user's), then a first start that makes the roles and the
// learner's database and sets the superuser's password, then a clean shutdown.
async function makeTemplate(options: TemplateOptions): Promise<{ workDir: string; dataDir: string; password: string }> {
  const { launcher } = options;
  const workDir = makeTempFolder(serverScratchRoot(), 'snw-postgres-template-');
  try {
    if (launcher.owner) chownSync(workDir, launcher.owner.uid, launcher.owner.gid);
    const dataDir = path.join(workDir, 'data');
    await runInitdb(options, workDir, dataDir);
    writeServerFile(dataDir, 'pg_hba.conf', `local all ${SUPERUSER} trust\n`, launcher);
    const password = randomPassword();
    const server = await startPostgresServer({ ...options, dataDir, socketDir: workDir, port: await freePort(), maxConnections: 5, reservedConnections: 1, settings: { max_wal_size: '2MB' } });
    try {
      const connection = await PostgresConnection.open({ host: workDir, port: server.port, user: SUPERUSER, database: 'template1' }, options);
      try {
        for (const statement of [
          `CREATE ROLE ${LEARNER_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`,
          `CREATE DATABASE ${LEARNER_DATABASE} OWNER ${LEARNER_ROLE}`,
          // Every statement of the learner's programs is logged: how the check sees what they send.
          `ALTER ROLE ${LEARNER_ROLE} SET log_statement = 'all'`,
          // The check connects to the learner's database; nobody needs these two (each is 7.5 MB less to copy).
          'DROP DATABASE postgres',
          'ALTER DATABASE template0 IS_TEMPLATE false',
          'DROP DATABASE template0',
          `ALTER ROLE ${SUPERUSER} PASSWORD '${password}'`,
          // Old write-ahead log segments are removed, past the two a server keeps (max_wal_size, above).
          'CHECKPOINT',
        ]) {
          await connection.query(statement, [], options);
        }
      } finally {
        connection.close();
      }
    } finally {
      await server.stop({ clean: true });
    }
    // From now on the superuser logs in with a password, and only on the socket; the learner over TCP.
    writeServerFile(dataDir, 'pg_hba.conf', `local all ${SUPERUSER} scram-sha-256\nhost all ${LEARNER_ROLE} 127.0.0.1/32 trust\n`, launcher);
    return { workDir, dataDir, password };
  } catch (error) {
    await removeTempFolder(workDir);
    throw error;
  }
}

async function runInitdb(options: TemplateOptions, workDir: string, dataDir: string): Promise<void> {
  const args = ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--no-locale', '--encoding=UTF8', '--wal-segsize=1', '--no-sync'];
  const { file, args: argv } = options.launcher.command(options.binaries.initdb, args);
  const child = spawn(file, argv, { cwd: workDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  try {
    const code = await raceDeadline<number | null>(
      options.timeoutMs,
      (resolve) => {
        child.once('exit', (exitCode) => resolve(exitCode));
        child.once('error', (error) => {
          output += error.message;
          resolve(null);
        });
        return () => {};
      },
      options.signal,
    );
    if (code !== 0) {
      const last = output.trim().split('\n').filter(Boolean).at(-1) ?? `exit code ${code}`;
      throw new PostgresStartError(`initdb failed: ${last.replace(/^initdb: (error: )?/, '')}`);
    }
  } finally {
    if (child.pid !== undefined) await terminateGroup(child.pid);
  }
}

// Writes a file the server reads, owned by the server's user.
function writeServerFile(dataDir: string, name: string, text: string, launcher: ServerLauncher): void {
  const file = path.join(dataDir, name);
  writeFileSync(file, text, { mode: 0o600 });
  if (launcher.owner) chownSync(file, launcher.owner.uid, launcher.owner.gid);
}
