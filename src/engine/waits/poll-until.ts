import { setTimeout as delay } from 'node:timers/promises';
import { raceDeadline } from './race.js';
import { WaitError } from './wait-errors.js';

// Polls a reading of the OS's state until it gives a value, raced against a deadline and an abort.
// For what has no event (a port opening, a process appearing in /proc): the poll starts at 2 ms and
// backs off to `maxIntervalMs`, so a state that is already reached costs nothing.
export function pollUntil<T>(
  read: () => T | undefined,
  options: { timeoutMs: number; signal?: AbortSignal; maxIntervalMs?: number },
): Promise<T> {
  const maxIntervalMs = options.maxIntervalMs ?? 25;
  return raceDeadline<T>(
    options.timeoutMs,
    (resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let interval = 2;
      let stopped = false;
      const attempt = () => {
        if (stopped) return;
        let value: T | undefined;
        try {
          value = read();
        } catch (error) {
          reject(error);
          return;
        }
        if (value !== undefined) {
          resolve(value);
          return;
        }
        timer = setTimeout(attempt, interval);
        interval = Math.min(interval * 2, maxIntervalMs);
      };
      attempt();
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    },
    options.signal,
  );
}

// Asks an async question (a query to a server) until it answers true, with the same backoff (2 ms, up to
// 20 ms between answers); resolves false once `timeoutMs` has passed, rejects with a cancelled WaitError on abort.
export async function pollQuestion(ask: () => Promise<boolean>, options: { timeoutMs: number; signal?: AbortSignal }): Promise<boolean> {
  const started = Date.now();
  let interval = 2;
  for (;;) {
    if (await ask()) return true;
    if (Date.now() - started >= options.timeoutMs) return false;
    try {
      await delay(interval, undefined, { signal: options.signal });
    } catch {
      throw new WaitError('cancelled', Date.now() - started);
    }
    interval = Math.min(interval * 2, 20);
  }
}
