import { setDeadline } from './deadline-timer.js';
import { WaitError } from './wait-errors.js';

// Races an event against a deadline and an abort; whatever happens first settles the wait.
// `subscribe` starts listening and returns its own cleanup; it resolves or rejects through the callbacks.
export function raceDeadline<T>(
  timeoutMs: number,
  subscribe: (resolve: (value: T) => void, reject: (error: unknown) => void) => () => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const started = Date.now();
    let settled = false;
    let unsubscribe: () => void = () => {};
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      unsubscribe();
      fn();
    };
    const onAbort = () => finish(() => reject(new WaitError('cancelled', Date.now() - started)));
    const timer = setDeadline(() => finish(() => reject(new WaitError('timeout', timeoutMs))), timeoutMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    unsubscribe = subscribe(
      (value) => finish(() => resolve(value)),
      (error) => finish(() => reject(error)),
    );
    if (settled) unsubscribe();
  });
}
