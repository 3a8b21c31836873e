import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { freePort } from '../http/free-port.js';
import { OutputCapture } from '../program/output-capture.js';
import { withParentDeathSignal } from '../owner/parent-death.js';
import { newRunMark, RUN_MARK_VARIABLE } from '../owner/run-mark.js';
import { raceDeadline } from '../waits/race.js';
import { makeTempFolder, removeTempFolder } from '../owner/temp-folders.js';
import { trackGroup, untrackGroup } from '../terminate/live-groups.js';
import { terminateGroup } from '../terminate/terminate-group.js';
import { WaitError } from '../waits/wait-errors.js';
import { RedisConnection, type RedisWaitOptions } from './redis-connection.js';

// A redis-server the workshop started for one check run: on a free loopback port, saving nothing.
export interface PrivateRedis {
  url: string;
  port: number;
  /** The server's pid, which is also its process group. */
  pid: number;
  /** Stops the server (its whole process group) and removes its folder. Safe to call more than once. */
  stop(): Promise<void>;
}

// redis-server was found but did not come up: its own last words say why.
export class RedisStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisStartError';
  }
}

/** Another program took the free port between our look and the server's bind: a new port is tried this often. */
const PORT_ATTEMPTS = 3;

// Starts a private redis-server and resolves once it answers PING. The server runs in its own process group
// (tracked, so an interrupted workshop kills it), with persistence off (`--save '' --appendonly no`) and its
// working folder a fresh temporary one that stop() removes, so not even a SAVE a program sends leaves a file.
export async function startPrivateRedis(executable: string, options: RedisWaitOptions): Promise<PrivateRedis> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(executable, await freePort(), options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

class PortTakenError extends RedisStartError {}

async function startOnce(executable: string, port: number, options: RedisWaitOptions): Promise<PrivateRedis> {
  const dir = makeTempFolder(tmpdir(), 'snw-redis-');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', ''];
  // Marked and killed with the workshop like a program (see Program), so that a killed workshop leaves no server.
  const mark = newRunMark();
  const [command, commandArgs] = withParentDeathSignal(executable, args);
  const child = spawn(command, commandArgs, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, [RUN_MARK_VARIABLE]: mark } });
  const log = new OutputCapture('stdout', 64 * 1024);
  child.stdout.on('data', (chunk: Buffer) => log.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => log.push(chunk));
  const pid = child.pid ?? -1;
  if (pid > 0) trackGroup(pid, mark);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (pid > 0) {
        await terminateGroup(pid, { mark });
        untrackGroup(pid);
      }
      child.stdout.destroy();
      child.stderr.destroy();
      await removeTempFolder(dir);
    })());
  try {
    await raceDeadline<void>(
      options.timeoutMs,
      (resolve, reject) => {
        const offLine = log.onLine((line) => {
          if (/Ready to accept connections/i.test(line)) resolve();
        });
        void exited.then(() => {
          const why = lastWords(log.lines);
          reject(/Address already in use/i.test(log.text) ? new PortTakenError(why) : new RedisStartError(`redis-server exited at start: ${why}`));
        });
        return offLine;
      },
      options.signal,
    );
    const connection = await RedisConnection.open({ host: '127.0.0.1', port, tls: false, db: 0 }, options);
    try {
      const reply = await connection.command(['PING'], options);
      if (reply !== 'PONG') throw new RedisStartError(`redis-server answered PING with ${JSON.stringify(reply)}`);
    } finally {
      connection.close();
    }
  } catch (error) {
    await stop();
    if (error instanceof WaitError && error.reason === 'timeout') throw new RedisStartError(`redis-server was not ready within ${options.timeoutMs} ms: ${lastWords(log.lines)}`);
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, port, pid, stop };
}

// The server's last log line, without its pid and time stamp ("# Warning: Could not create server TCP listening socket ...").
function lastWords(lines: readonly string[]): string {
  const last = lines.filter((line) => line.trim() !== '').at(-1);
  return last ? last.replace(/^\d+:[A-Z] \d+ \w+ \d+ [\d:.]+ /, '').trim() : '(it printed nothing)';
}
