import { pollUntil } from '../waits/poll-until.js';

// Waits until a condition holds or the time is up (true/false); the same backing-off poll as pollUntil,
// for what the OS gives no event for (a group emptying).
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  return pollUntil(() => (condition() ? true : undefined), { timeoutMs }).then(
    () => true,
    () => false,
  );
}
