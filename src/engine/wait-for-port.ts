import { connect, type Socket } from 'node:net';
import { onAddressInUse } from './address-in-use.js';
import { portHolder } from './port-holder.js';
import { liveTree } from './process-tree.js';
import type { Program } from './program.js';
import { raceDeadline } from './race.js';
import { WaitError } from './wait-errors.js';

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

// Waits until a program's port accepts connections and is held by the program's own processes.
// There is no event for "port open": connects are retried with a short backoff (5 ms doubling to 100 ms),
// raced against the program's exit, an EADDRINUSE line on its stderr, the deadline and an abort.
export function waitForPort(port: number, program: Program, options: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  return raceDeadline<void>(
    options.timeoutMs,
    (resolve, reject) => {
      let stopped = false;
      let socket: Socket | undefined;
      let timer: NodeJS.Timeout | undefined;
      let interval = 5;
      const offInUse = onAddressInUse(program.stderr, (line) => reject(new PortInUseError(port, line)));
      void program.exited.then(() => reject(new WaitError('exited', Date.now() - program.startedAt, program.exitInfo)));
      const attempt = () => {
        if (stopped) return;
        socket = connect({ host: '127.0.0.1', port });
        socket.once('connect', () => {
          socket?.destroy();
          const holder = portHolder(port, liveTree(program.pid) ?? [program.pid]);
          if (holder === 'theirs') reject(new PortInUseError(port, undefined));
          else resolve();
        });
        socket.once('error', () => {
          socket?.destroy();
          if (stopped) return;
          timer = setTimeout(attempt, interval);
          interval = Math.min(interval * 2, 100);
        });
      };
      attempt();
      return () => {
        stopped = true;
        offInUse();
        clearTimeout(timer);
        socket?.destroy();
      };
    },
    options.signal,
  );
}
