import { connect as connectTcp, type Socket } from 'node:net';
import { raceDeadline } from '../waits/race.js';
import { WaitError } from '../waits/wait-errors.js';
import { encodeCommand, RespError, RespParser, type RespValue } from './resp.js';
import type { RedisTarget } from './redis-url.js';

// node:tls is loaded only for a rediss:// target (process.getBuiltinModule): loaded with the engine it
// would add some 8 MB to the resident memory of every check on Node 24.

// The connection was refused, closed or timed out: no reply will come.
export class RedisConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisConnectionError';
  }
}

// How long a connection or a command may take, and what cancels it.
export interface RedisWaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

type Pending = { resolve: (value: RespValue) => void; reject: (error: Error) => void };

// One connection to a Redis, with its commands answered in order: the workshop's own minimal client
// (a learner's client is theirs to choose; this one loads in no time and never reconnects behind our back).
export class RedisConnection {
  readonly #socket: Socket;
  readonly #parser = new RespParser();
  readonly #pending: Pending[] = [];
  #onPush: ((line: string) => void) | undefined;
  #closed: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error) => this.#close(new RedisConnectionError(error.message)));
    socket.on('close', () => this.#close(new RedisConnectionError('the connection was closed')));
  }

  /** Connects, logs in and selects the database the target names; fails when that takes longer than timeoutMs. */
  static async open(target: RedisTarget, options: RedisWaitOptions): Promise<RedisConnection> {
    const socket = await raceDeadline<Socket>(
      options.timeoutMs,
      (resolve, reject) => {
        const socket = target.tls ? process.getBuiltinModule('node:tls').connect({ host: target.host, port: target.port, servername: target.host }) : connectTcp({ host: target.host, port: target.port });
        let handedOver = false;
        const onError = (error: Error) => reject(new RedisConnectionError(error.message));
        socket.once('error', onError);
        socket.once(target.tls ? 'secureConnect' : 'connect', () => {
          handedOver = true;
          resolve(socket);
        });
        return () => {
          socket.off('error', onError);
          if (!handedOver) socket.destroy();
        };
      },
      options.signal,
    ).catch(asConnectionError(`no connection within ${options.timeoutMs} ms`));
    const connection = new RedisConnection(socket);
    try {
      if (target.password !== undefined) await connection.command(target.username ? ['AUTH', target.username, target.password] : ['AUTH', target.password], options);
      if (target.db !== 0) await connection.command(['SELECT', String(target.db)], options);
    } catch (error) {
      connection.close();
      throw error;
    }
    return connection;
  }

  /** The local port of this connection: how MONITOR names it among the learner's connections. */
  get localPort(): number {
    return this.#socket.localPort ?? 0;
  }

  /** Sends one command and waits for its reply; an error reply rejects with RespError, a lost connection with RedisConnectionError. */
  command(args: readonly string[], options: RedisWaitOptions): Promise<RespValue> {
    if (this.#closed) return Promise.reject(this.#closed);
    return raceDeadline<RespValue>(
      options.timeoutMs,
      (resolve, reject) => {
        const entry: Pending = { resolve: (value) => (value instanceof RespError ? reject(value) : resolve(value)), reject };
        this.#pending.push(entry);
        this.#socket.write(encodeCommand(args));
        // A reply that comes after the deadline still belongs to this entry: it stays in the queue, answered by nobody.
        return () => {
          entry.resolve = () => {};
          entry.reject = () => {};
        };
      },
      options.signal,
    ).catch(asConnectionError(`no reply to ${args[0]} within ${options.timeoutMs} ms`));
  }

  /** Turns the connection into a MONITOR stream: every command the server runs from now on is passed to onLine. */
  async monitor(onLine: (line: string) => void, options: RedisWaitOptions): Promise<void> {
    this.#onPush = onLine;
    await this.command(['MONITOR'], options);
  }

  /** Closes the connection; commands still waiting fail. */
  close(): void {
    this.#close(new RedisConnectionError('the connection was closed'));
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    let values: RespValue[];
    try {
      values = this.#parser.push(chunk);
    } catch (error) {
      this.#close(new RedisConnectionError(`the server's reply could not be read: ${(error as Error).message}`));
      this.#socket.destroy();
      return;
    }
    for (const value of values) {
      const waiting = this.#pending.shift();
      if (waiting) waiting.resolve(value);
      else if (typeof value === 'string') this.#onPush?.(value);
    }
  }

  #close(error: Error): void {
    if (this.#closed) return;
    this.#closed = error;
    for (const waiting of this.#pending.splice(0)) waiting.reject(error);
  }
}

// A deadline that passed becomes a RedisConnectionError saying what did not come; a cancelled wait stays what it is.
function asConnectionError(timedOut: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof WaitError && error.reason === 'timeout') throw new RedisConnectionError(timedOut);
    throw error;
  };
}
