import { setTimeout as delay } from 'node:timers/promises';

// Waits until a condition holds or the time is up; used where the OS gives no event (a group emptying).
// The poll starts at 2 ms and backs off to 25 ms, so a condition that is already true costs nothing.
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let interval = 2;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await delay(Math.min(interval, Math.max(1, deadline - Date.now())));
    interval = Math.min(interval * 2, 25);
  }
  return true;
}
