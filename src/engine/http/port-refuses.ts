import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

// True when a connection to 127.0.0.1:<port> is refused (nothing listens there any more), false when it is accepted.
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(true);
    });
  });
}

/**
 * Waits until nothing accepts connections on the port any more: resolves true once a connect is refused,
 * false when connects were still accepted at `timeoutMs`. There is no event for a port closing: connects
 * are retried with a backoff (5 ms doubling to 100 ms). An abort ends the wait with false.
 */
export async function waitUntilRefused(port: number, options: { timeoutMs: number; signal?: AbortSignal }): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let interval = 5;
  for (;;) {
    if (await refused(port)) return true;
    const left = deadline - Date.now();
    if (left <= 0 || options.signal?.aborted) return false;
    try {
      await delay(Math.min(interval, left), undefined, { signal: options.signal });
    } catch {
      return false;
    }
    interval = Math.min(interval * 2, 100);
  }
}
