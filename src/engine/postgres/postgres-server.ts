import { spawn } from 'node:child_process';
import { raceDeadline } from '../waits/race.js';
import { RUN_MARK_VARIABLE, newRunMark } from '../owner/run-mark.js';
import { terminateGroup } from '../terminate/terminate-group.js';
import { WaitError } from '../waits/wait-errors.js';
import type { PostgresBinaries } from './find-postgres.js';
import type { PostgresWaitOptions } from './postgres-connection.js';
import type { ServerLauncher } from './server-user.js';

// A postmaster the workshop started on a data folder of its own.
export interface PostgresServer {
  /** The postmaster's pid, which is also its process group (each server process then starts a session of its own). */
  pid: number;
  port: number;
  /** The folder of its Unix socket (.s.PGSQL.<port>), where the check's own connections log in. */
  socketDir: string;
  /** Calls back for every line the server logs from now on; returns the unsubscribe function. */
  onLogLine(listener: (line: string) => void): () => void;
  /** Its last log lines, for a message about why it stopped. */
  lastWords(): string;
  /**
   * Stops the server: an immediate shutdown (SIGQUIT), or with `clean` a fast one (SIGINT) that writes
   * everything out first, so a copy of the folder starts without recovery; whatever is left is then killed.
   * Safe to call more than once (the first call decides how).
   */
  stop(options?: { clean?: boolean }): Promise<void>;
}

// The server was found but did not come up: its own last words say why.
export class PostgresStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresStartError';
  }
}

// Another program took the port between our look and the server's bind.
export class PostgresPortTakenError extends PostgresStartError {}

export interface ServerOptions extends PostgresWaitOptions {
  binaries: PostgresBinaries;
  launcher: ServerLauncher;
  dataDir: string;
  socketDir: string;
  port: number;
  /** max_connections: every connection, the check's own included. */
  maxConnections: number;
  /** superuser_reserved_connections: the part of maxConnections only a superuser may use. */
  reservedConnections: number;
  /** More settings, or other values for the ones above. */
  settings?: Record<string, string | number>;
}

/** Log lines kept for lastWords. */
const KEPT_LOG_LINES = 20;
/** How long a server has to go after its immediate shutdown before what is left is killed. */
const SHUTDOWN_MS = 5_000;

// Settings for a server that lives for one check: nothing is made durable (the folder is deleted after),
// little memory, nothing logged but problems and what the roles are set to log, messages in English so the
// workshop can read them, and shared memory the kernel frees with the processes or that lives in the data
// folder (mmap), so no server leaves a segment behind.
function settings(options: ServerOptions): string[] {
  const set = {
    listen_addresses: '127.0.0.1',
    max_connections: options.maxConnections,
    superuser_reserved_connections: options.reservedConnections,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_buffers: '16MB',
    dynamic_shared_memory_type: 'mmap',
    // Write-ahead log in 1 MB segments (initdb --wal-segsize=1), of which a shut-down server keeps two.
    min_wal_size: '2MB',
    max_wal_size: '32MB',
    cluster_name: 'scaling-node-workshop',
    lc_messages: 'C',
    log_checkpoints: 'off',
    log_autovacuum_min_duration: -1,
    log_line_prefix: '%m [%p] %q%u@%d ',
    log_min_messages: 'warning',
    log_min_error_statement: 'panic',
    ...options.settings,
  };
  return Object.entries(set).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

/** Live postmasters of this process: an exiting workshop asks each to shut down (a SIGKILL would leave its shared memory behind). */
const liveServers = new Set<number>();
let exitHookInstalled = false;

function quitAllNow(): void {
  for (const pid of liveServers) signal(pid, 'SIGQUIT');
  liveServers.clear();
}

// Starts a postmaster and resolves once it says it accepts connections ("database system is ready").
// It runs in its own process group with a run mark of its own (its server processes each start a session,
// so they are found by the mark) and is shut down when this process exits, however it exits.
export async function startPostgresServer(options: ServerOptions): Promise<PostgresServer> {
  const args = ['-D', options.dataDir, '-k', options.socketDir, '-p', String(options.port), ...settings(options)];
  const { file, args: argv } = options.launcher.command(options.binaries.postgres, args);
  const mark = newRunMark();
  const child = spawn(file, argv, {
    cwd: options.socketDir,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', [RUN_MARK_VARIABLE]: mark },
  });
  const pid = child.pid ?? -1;
  if (pid > 0) liveServers.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', quitAllNow);
  }
  const kept: string[] = [];
  const listeners = new Set<(line: string) => void>();
  process.getBuiltinModule('node:readline').createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
    kept.push(line);
    if (kept.length > KEPT_LOG_LINES) kept.shift();
    for (const listener of listeners) listener(line);
  });
  let hasExited = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  }).then(() => {
    hasExited = true;
    liveServers.delete(pid);
  });
  const lastWords = () => describeLog(kept);
  let stopping: Promise<void> | undefined;
  const stop = (how: { clean?: boolean } = {}) =>
    (stopping ??= (async () => {
      if (pid > 0 && !hasExited) {
        // Either way PostgreSQL ends every server process itself and frees its shared memory (a SIGKILL would leave a segment behind).
        signal(pid, how.clean ? 'SIGINT' : 'SIGQUIT');
        await raceDeadline<void>(SHUTDOWN_MS, (resolve) => {
          void exited.then(() => resolve());
          return () => {};
        }).catch(() => {});
      }
      if (pid > 0) await terminateGroup(pid, { mark });
      liveServers.delete(pid);
      child.stderr.destroy();
    })());
  try {
    await raceDeadline<void>(
      options.timeoutMs,
      (resolve, reject) => {
        const onLine = (line: string) => {
          if (/database system is ready to accept connections/.test(line)) resolve();
        };
        listeners.add(onLine);
        void exited.then(() => {
          if (stopping) return;
          const why = lastWords();
          reject(/could not bind|Address already in use/i.test(kept.join('\n')) ? new PostgresPortTakenError(why) : new PostgresStartError(`postgres exited at start: ${why}`));
        });
        return () => listeners.delete(onLine);
      },
      options.signal,
    );
  } catch (error) {
    await stop();
    if (error instanceof WaitError && error.reason === 'timeout') throw new PostgresStartError(`postgres was not ready within ${options.timeoutMs} ms: ${lastWords()}`);
    throw error;
  }
  return {
    pid,
    port: options.port,
    socketDir: options.socketDir,
    onLogLine: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lastWords,
    stop,
  };
}

// The server's last problem (a FATAL or ERROR line, else its last line), without time stamp and pid.
export function describeLog(lines: readonly string[]): string {
  const meaningful = lines.filter((line) => line.trim() !== '');
  const last = meaningful.filter((line) => /\b(FATAL|PANIC|ERROR):/.test(line)).at(-1) ?? meaningful.at(-1);
  return last ? last.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] (\S*@\S* )?/, '').trim() : '(it printed nothing)';
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}
