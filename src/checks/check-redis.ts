import { pollQuestion } from '../engine/waits/poll-until.js';
import { raceDeadline } from '../engine/waits/race.js';
import { parseMonitorLine, type MonitoredCommand } from '../engine/redis/monitor-line.js';
import type { ProvidedRedis } from '../engine/redis/provide-redis.js';
import { RedisConnection, type RedisWaitOptions } from '../engine/redis/redis-connection.js';
import { RespError } from '../engine/redis/resp.js';
import { parseRedisUrl } from '../engine/redis/redis-url.js';
import { timeouts } from './timeouts.js';

/** Commands that change a key, its name first: how the check finds where a program keeps its count. */
const WRITES = new Set(['INCR', 'INCRBY', 'INCRBYFLOAT', 'DECR', 'DECRBY', 'SET', 'SETEX', 'PSETEX', 'SETNX', 'GETSET', 'HINCRBY', 'HINCRBYFLOAT', 'HSET', 'HSETNX', 'HMSET']);
/** A write that replaces the value with one the client computed: after a GET of the same key, a read-then-write. */
const OVERWRITES = new Set(['SET', 'SETEX', 'PSETEX', 'GETSET', 'HSET', 'HMSET']);
/** At most this many commands of the program are kept (a flood cannot exhaust memory); the first ones are what the check reads. */
const MAX_COMMANDS = 50_000;

// The Redis a check runs against, seen from the check: what the program sent it (through MONITOR), what it
// holds, and its writes held back for a moment to catch what happens in between.
export class CheckRedis {
  readonly #inspect: RedisConnection;
  readonly #monitor: RedisConnection;
  readonly #commands: MonitoredCommand[] = [];
  readonly #syncs = new Map<string, () => void>();
  #syncCount = 0;
  readonly #ownClients: Set<string>;
  readonly #wait: RedisWaitOptions;

  private constructor(
    readonly provided: ProvidedRedis,
    inspect: RedisConnection,
    monitor: RedisConnection,
    wait: RedisWaitOptions,
  ) {
    this.#inspect = inspect;
    this.#monitor = monitor;
    this.#wait = wait;
    this.#ownClients = new Set([inspect.localPort, monitor.localPort].map(String));
  }

  /** Connects to the provided Redis twice: one connection to ask, one that watches every command (MONITOR). */
  static async open(provided: ProvidedRedis, signal: AbortSignal | undefined): Promise<CheckRedis> {
    const wait = { timeoutMs: timeouts.reactMs, signal };
    const target = parseRedisUrl(provided.url);
    const inspect = await RedisConnection.open(target, wait);
    const monitor = await RedisConnection.open(target, wait).catch((error: unknown) => {
      inspect.close();
      throw error;
    });
    const redis = new CheckRedis(provided, inspect, monitor, wait);
    await monitor.monitor((line) => redis.#record(line), wait).catch((error: unknown) => {
      redis.close();
      throw error;
    });
    return redis;
  }

  /** The URL the programs get as REDIS_URL. */
  get url(): string {
    return this.provided.url;
  }

  /** True for the workshop's own Redis: empty at the start, so the count must start at 0. */
  get isPrivate(): boolean {
    return this.provided.private;
  }

  /** Resolves once MONITOR has reported every command Redis ran before this call (it sends a marker and waits for it). */
  async sync(): Promise<void> {
    const marker = `snw-sync-${++this.#syncCount}`;
    await raceDeadline<void>(
      this.#wait.timeoutMs,
      (resolve, reject) => {
        this.#syncs.set(marker, resolve);
        this.#inspect.command(['ECHO', marker], this.#wait).catch(reject);
        return () => this.#syncs.delete(marker);
      },
      this.#wait.signal,
    );
  }

  /** The commands the programs (not the check) sent since the check connected, in the order Redis ran them. */
  get programCommands(): readonly MonitoredCommand[] {
    return this.#commands;
  }

  /** How many writes (INCR, SET, HINCRBY, …) the programs sent so far, as MONITOR has shown them (see sync). */
  get writeCount(): number {
    return this.#commands.reduce((count, command) => count + (WRITES.has(command.name) ? 1 : 0), 0);
  }

  /** The keys the programs wrote (INCR, SET, HINCRBY, …), in the order first written. */
  writtenKeys(): string[] {
    return [...new Set(this.#commands.filter((command) => WRITES.has(command.name) && command.args[0] !== undefined).map((command) => command.args[0]!))];
  }

  /**
   * True when a program read a key and then overwrote it with a value of its own (GET, then SET) on one
   * connection, outside a transaction (MULTI … EXEC) and a script: two clients doing that at once lose an update.
   */
  readsThenWrites(key: string): boolean {
    const readBy = new Set<string>();
    const inTransaction = new Set<string>();
    for (const command of this.#commands) {
      if (command.client === 'lua') continue;
      if (command.name === 'MULTI') inTransaction.add(command.client);
      else if (command.name === 'EXEC' || command.name === 'DISCARD') inTransaction.delete(command.client);
      else if (command.args[0] !== key) continue;
      else if (command.name === 'GET' || command.name === 'HGET' || command.name === 'HGETALL') readBy.add(command.client);
      else if (OVERWRITES.has(command.name) && readBy.has(command.client) && !inTransaction.has(command.client)) return true;
    }
    return false;
  }

  /** Where the number `count` is kept among the keys the programs wrote: "count", or "stats count" for a hash field. */
  async findCount(count: number): Promise<string | undefined> {
    for (const key of this.writtenKeys()) {
      const type = await this.#inspect.command(['TYPE', key], this.#wait);
      if (type === 'string' && Number(await this.#inspect.command(['GET', key], this.#wait)) === count) return key;
      if (type === 'hash') {
        const entries = (await this.#inspect.command(['HGETALL', key], this.#wait)) as string[];
        for (let index = 0; index + 1 < entries.length; index += 2) {
          if (Number(entries[index + 1]) === count) return `${key} ${entries[index]}`;
        }
      }
    }
    return undefined;
  }

  /** The number kept where findCount found it (undefined when that is no number now). */
  async countAt(where: string): Promise<number | undefined> {
    const [key, field] = where.split(' ');
    const value = field === undefined ? await this.#inspect.command(['GET', key!], this.#wait) : await this.#inspect.command(['HGET', key!, field], this.#wait);
    return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined;
  }

  /**
   * Holds back every client's writes (CLIENT PAUSE … WRITE) until the returned release is called; reads
   * still run. Redis releases them itself after `safetyMs` should the check never get there.
   * Resolves to undefined when this Redis refuses (a managed Redis may not allow it).
   */
  async pauseWrites(safetyMs = timeouts.startMs): Promise<(() => Promise<void>) | undefined> {
    try {
      await this.#inspect.command(['CLIENT', 'PAUSE', String(safetyMs), 'WRITE'], this.#wait);
    } catch (error) {
      if (error instanceof RespError) return undefined;
      throw error;
    }
    let released: Promise<void> | undefined;
    return () => (released ??= this.#inspect.command(['CLIENT', 'UNPAUSE'], this.#wait).then(() => {}));
  }

  /**
   * Waits until at least `count` clients of the programs are blocked (on a write held back by pauseWrites).
   * Redis has no event for it: CLIENT LIST is read with a short backoff. Resolves false at the deadline.
   */
  async waitForBlockedClients(count: number, timeoutMs: number): Promise<boolean> {
    return pollQuestion(async () => (await this.#blockedClients()) >= count, { timeoutMs, signal: this.#wait.signal });
  }

  /** How many connections this Redis has accepted since it started (INFO stats): a client made per request shows here. */
  async connectionsReceived(): Promise<number> {
    const info = String(await this.#inspect.command(['INFO', 'stats'], this.#wait));
    return Number(/^total_connections_received:(\d+)/m.exec(info)?.[1] ?? 0);
  }

  /** Closes both connections and stops the Redis when it is the workshop's own. */
  async close(): Promise<void> {
    this.#inspect.close();
    this.#monitor.close();
    await this.provided.stop();
  }

  async #blockedClients(): Promise<number> {
    const list = (await this.#inspect.command(['CLIENT', 'LIST'], this.#wait)) as string;
    return list.split('\n').filter((line) => {
      const flags = /\bflags=(\S*)/.exec(line)?.[1] ?? '';
      const port = /\baddr=\S*:(\d+)\b/.exec(line)?.[1];
      return flags.includes('b') && !this.#ownClients.has(port ?? '');
    }).length;
  }

  #record(line: string): void {
    const command = parseMonitorLine(line);
    if (!command) return;
    if (command.name === 'ECHO' && command.args[0] && this.#syncs.has(command.args[0])) {
      this.#syncs.get(command.args[0])!();
      this.#syncs.delete(command.args[0]);
      return;
    }
    const port = command.client.split(':').at(-1)!;
    if (this.#ownClients.has(port) && command.client !== 'lua') return;
    if (this.#commands.length < MAX_COMMANDS) this.#commands.push(command);
  }
}
