import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../../src/engine/waits/poll-until.js';
import { WaitError } from '../../../src/engine/waits/wait-errors.js';

describe('pollUntil', () => {
  it('resolves with the first value the reading gives', async () => {
    let reads = 0;
    await expect(pollUntil(() => (++reads === 3 ? 'ready' : undefined), { timeoutMs: 3000 })).resolves.toBe('ready');
    expect(reads).toBe(3);
  });

  it('costs nothing when the state is already reached', async () => {
    let reads = 0;
    await expect(pollUntil(() => ++reads, { timeoutMs: 3000 })).resolves.toBe(1);
  });

  it('fails at the deadline, on an abort, and with what the reading throws', async () => {
    await expect(pollUntil(() => undefined, { timeoutMs: 30 })).rejects.toMatchObject({ reason: 'timeout' });
    const controller = new AbortController();
    const pending = pollUntil(() => undefined, { timeoutMs: 3000, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(WaitError);
    await expect(pending).rejects.toMatchObject({ reason: 'cancelled' });
    await expect(
      pollUntil(
        () => {
          throw new Error('unreadable');
        },
        { timeoutMs: 3000 },
      ),
    ).rejects.toThrow('unreadable');
  });
});
