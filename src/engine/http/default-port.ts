import { connect, createServer, type Server, type Socket } from 'node:net';
import { unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeSandboxPort } from '../owner/sandbox-orphans.js';
import { setDeadline } from '../waits/deadline-timer.js';
import { pollQuestion } from '../waits/poll-until.js';

/** The port every lesson that serves HTTP listens on when PORT is unset. */
export const DEFAULT_PORT = 8000;

/** Port 8000 held for one run with PORT unset; `release` lets the next run (of any verification here) have it. */
export interface DefaultPortClaim {
  port: number;
  release: () => Promise<void>;
}

/** Why a run could not leave PORT unset: the step says so instead of checking it. */
export interface DefaultPortBusy {
  busy: string;
}

/**
 * Where the lock of a port is: one name for every verification on this machine (in grade's sandbox, one per
 * sandbox: its own network). Linux: an abstract socket, gone with the process that holds it. Windows: a named
 * pipe, the same. Elsewhere: a socket file, removed when it is found stale (nobody accepts on it).
 */
export function lockAddress(port: number): string {
  if (process.platform === 'linux') return `\0scaling-node-workshop-port-${port}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\scaling-node-workshop-port-${port}`;
  return path.join(tmpdir(), `scaling-node-workshop-port-${port}.sock`);
}

/**
 * Claims port 8000 (or `port`) for a run that leaves PORT unset. Runs of every verification on this machine take turns
 * (a lock that the holding process's end releases too): while another holds it, waits for its release, at
 * most `waitMs`. Then the port must be free: a program of the learner's (their own server on 8000) makes
 * the claim busy, and the step says that PORT unset was not checked. Never fails.
 */
export async function claimDefaultPort(options: { waitMs: number; signal?: AbortSignal; port?: number }): Promise<DefaultPortClaim | DefaultPortBusy> {
  const port = options.port ?? DEFAULT_PORT;
  const address = lockAddress(port);
  const deadline = Date.now() + options.waitMs;
  let lock: Server | undefined;
  while (!lock) {
    if (options.signal?.aborted) return { busy: 'the run was cancelled' };
    lock = await tryLock(address);
    if (lock) break;
    const left = deadline - Date.now();
    if (left <= 0 || !(await heldUntilReleased(address, left, options.signal))) {
      return { busy: `another verification on this machine held port ${port} for ${Math.round(options.waitMs / 1000)} s` };
    }
  }
  const held = lock;
  const release = () => new Promise<void>((resolve) => held.close(() => resolve()));
  // In grading's sandbox nothing but the student's programs can hold it: one that escaped an earlier run
  // (a daemon kept on port 8000 to make this step a note) is ended first.
  await freeSandboxPort(port);
  if (!(await pollQuestion(() => portIsFree(port), { timeoutMs: BUSY_RECHECK_MS }))) {
    await release();
    return { busy: `port ${port} is in use by another program on this machine` };
  }
  return { port, release };
}

// Listens on the lock's address; undefined while another process holds it.
async function tryLock(address: string): Promise<Server | undefined> {
  const attempt = () =>
    new Promise<Server | undefined>((resolve) => {
      const server = createServer((socket) => {
        // A waiter: it learns of the release when this connection closes, which the lock's close does.
        socket.on('error', () => {});
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      const sockets = new Set<Socket>();
      const close = server.close.bind(server);
      server.close = (callback) => {
        for (const socket of sockets) socket.destroy();
        return close(callback);
      };
      server.unref();
      server.once('error', () => resolve(undefined));
      server.listen(address, () => resolve(server));
    });
  const server = await attempt();
  if (server || process.platform === 'linux' || process.platform === 'win32') return server;
  // A socket file left by a process that died: nobody accepts on it, so it can go.
  if (await isStale(address)) {
    try {
      unlinkSync(address);
    } catch {}
    return attempt();
  }
  return undefined;
}

function isStale(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(address);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' || error.code === 'ENOENT'));
  });
}

// Connects to the holder and resolves once its lock is gone (true), or false at `waitMs` or on abort. The
// connection and the timer keep the process alive: the wait may be all it does (verify's program not yet
// started), and a process with nothing open ends inside an unsettled await (exit 13, no verdict).
function heldUntilReleased(address: string, waitMs: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect(address);
    const finish = (released: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(released);
    };
    const timer = setDeadline(() => finish(false), waitMs);
    const onAbort = () => finish(false);
    signal?.addEventListener('abort', onAbort, { once: true });
    // Refused: released between our attempt and this connect. Ended or closed: released now ('end' comes
    // in the turn that reads it, so a release read after a busy stretch still beats the deadline).
    socket.once('error', () => finish(true));
    socket.once('end', () => finish(true));
    socket.once('close', () => finish(true));
    socket.resume();
  });
}

/**
 * How long a port found taken once the lock is ours is looked at again: a verification killed outright
 * (kill -9) frees the lock at once, while its program, killed by its parent-death signal, is still exiting.
 */
const BUSY_RECHECK_MS = 1_000;

// True when a server may listen on the port as a learner's program does (every address, SO_REUSEADDR).
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}
