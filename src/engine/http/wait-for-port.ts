import { connect, type Socket } from 'node:net';
import { onAddressInUse } from './address-in-use.js';
import { listeningPorts, unreachableListeners } from './listen-ports.js';
import { portHolder } from './port-holder.js';
import { liveTree } from '../proc/process-tree.js';
import type { Program } from '../program/program.js';
import { raceDeadline } from '../waits/race.js';
import { WaitError } from '../waits/wait-errors.js';

// The port a program should serve on was already taken: by the program itself (its own stderr says
// EADDRINUSE, e.g. the primary listens too) or by another program (someone else answers on it).
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    /** The program's own EADDRINUSE line, when it printed one. */
    readonly line: string | undefined,
  ) {
    super(line ? `port ${port} is already in use: ${line.trim()}` : `port ${port} is already in use by another program`);
    this.name = 'PortInUseError';
  }
}

// The program listens, but not on its port: the socket table shows its processes listening on others
// (a hard-coded 8000, say) while its port stays closed.
export class ListeningElsewhereError extends Error {
  constructor(
    readonly port: number,
    readonly ports: readonly number[],
  ) {
    super(`listening on ${ports.join(', ')}, not on port ${port}`);
    this.name = 'ListeningElsewhereError';
  }
}

// The program listens on its port, but only at addresses a client of 127.0.0.1 cannot reach (::1 alone).
export class ListeningUnreachableError extends Error {
  constructor(
    readonly port: number,
    readonly addresses: readonly string[],
  ) {
    super(`listening on port ${port} at ${addresses.join(', ')} only`);
    this.name = 'ListeningUnreachableError';
  }
}

/**
 * How long the program's port may stay closed once its processes listen elsewhere. Any one listener on the
 * port ends the wait at once; this only leaves room for a program that opens another port first.
 */
export const LISTENING_ELSEWHERE_MS = 1_000;

/** The socket table is read at most this often while the port is closed. */
const SOCKET_TABLE_MS = 100;

// Waits until a program's port accepts connections and is held by the program's own processes.
// There is no event for "port open": connects are retried with a short backoff (5 ms doubling to 100 ms),
// raced against the program's exit, an EADDRINUSE line on its stderr, its processes listening on other
// ports only (from the socket table), the program asleep for good, the deadline and an abort.
//
// `asleepWithinMs` (default: the whole timeoutMs) is how far ahead a sleeping program must have nothing of
// its own due to count as asleep for good; 0 never ends the wait so (for a program that waits on others).
// A start deadline is long for a slow machine's sake, not for a program's timers: a program past its start
// that sleeps with nothing due soon is not starting slowly.
// (V8 itself arms a main-thread timer about 8 s ahead after a start that allocated much, its memory
// reducer, which runs no JavaScript: with the whole 10 s ahead, that timer alone would hold the verdict back.)
export function waitForPort(port: number, program: Program, options: { timeoutMs: number; signal?: AbortSignal; asleepWithinMs?: number }): Promise<void> {
  return raceDeadline<void>(
    options.timeoutMs,
    (resolve, reject) => {
      let stopped = false;
      // The program's processes now (the primary alone where its children cannot be listed).
      const processes = () => liveTree(program.pid) ?? [program.pid];
      let socket: Socket | undefined;
      let timer: NodeJS.Timeout | undefined;
      let interval = 5;
      let tableReadAt = 0;
      let elsewhereSince: number | undefined;
      // Undefined while nothing is certain; the other ports once they have been the only ones long enough.
      const onlyElsewhere = (): number[] | undefined => {
        const now = Date.now();
        if (now - tableReadAt < SOCKET_TABLE_MS) return undefined;
        tableReadAt = now;
        const ports = listeningPorts(processes());
        if (!ports || ports.length === 0 || ports.includes(port)) {
          elsewhereSince = undefined;
          return undefined;
        }
        elsewhereSince ??= now;
        return now - elsewhereSince >= LISTENING_ELSEWHERE_MS ? ports : undefined;
      };
      const offInUse = onAddressInUse(program.stderr, (line) => reject(new PortInUseError(port, line)));
      void program.exited.then(() => reject(new WaitError('exited', Date.now() - program.startedAt, program.exitInfo)));
      // Asleep for good, it opens no port: our refused connects do not wake it.
      const waitStarted = Date.now();
      const offAsleep = program.watchAsleep(
        options.timeoutMs,
        (asleep) => {
          // Asleep while listening elsewhere says more: which port it took instead. Listening on the port
          // itself, it is not asleep for good: our next connect is the news it waits for.
          const ports = listeningPorts(processes());
          if (ports?.includes(port)) return;
          if (ports && ports.length > 0) reject(new ListeningElsewhereError(port, ports));
          else reject(new WaitError('asleep', Date.now() - waitStarted, undefined, asleep));
        },
        options.asleepWithinMs,
      );
      const attempt = () => {
        if (stopped) return;
        socket = connect({ host: '127.0.0.1', port });
        socket.once('connect', () => {
          socket?.destroy();
          const holder = portHolder(port, processes());
          if (holder === 'theirs') reject(new PortInUseError(port, undefined));
          else resolve();
        });
        socket.once('error', () => {
          socket?.destroy();
          if (stopped) return;
          // Refused while the program listens on the port: at an address 127.0.0.1 does not reach. Certain at once.
          const unreachable = unreachableListeners(port, processes());
          if (unreachable) return reject(new ListeningUnreachableError(port, unreachable));
          const elsewhere = onlyElsewhere();
          if (elsewhere) return reject(new ListeningElsewhereError(port, elsewhere));
          timer = setTimeout(attempt, interval);
          interval = Math.min(interval * 2, 100);
        });
      };
      attempt();
      return () => {
        stopped = true;
        offInUse();
        offAsleep();
        clearTimeout(timer);
        socket?.destroy();
      };
    },
    options.signal,
  );
}
