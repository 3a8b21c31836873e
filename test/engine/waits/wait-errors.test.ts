import { describe, expect, it } from 'vitest';
import { describeExit } from '../../../src/engine/program/exit-info.js';
import { raceDeadline } from '../../../src/engine/waits/race.js';
import { WaitError } from '../../../src/engine/waits/wait-errors.js';

describe('raceDeadline', () => {
  it('resolves with the event and unsubscribes', async () => {
    let unsubscribed = false;
    const value = await raceDeadline<string>(1_000, (resolve) => {
      queueMicrotask(() => resolve('event'));
      return () => {
        unsubscribed = true;
      };
    });
    expect(value).toBe('event');
    expect(unsubscribed).toBe(true);
  });

  it('rejects with a timeout WaitError when nothing happens', async () => {
    const error = await raceDeadline(10, () => () => {}).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(WaitError);
    expect(error).toMatchObject({ reason: 'timeout', waitedMs: 10 });
  });

  it('rejects at once with a cancelled WaitError when the signal has already fired', async () => {
    let subscribed = false;
    const error = await raceDeadline(
      1_000,
      () => {
        subscribed = true;
        return () => {};
      },
      AbortSignal.abort(),
    ).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ reason: 'cancelled' });
    expect(subscribed).toBe(false);
  });

  it('passes on a rejection from the subscription', async () => {
    const error = new WaitError('exited', 5, { code: 3, signal: null });
    await expect(raceDeadline(1_000, (_resolve, reject) => (reject(error), () => {}))).rejects.toBe(error);
  });
});

describe('describeExit', () => {
  it('says how a program ended', () => {
    expect(describeExit({ code: 0, signal: null })).toBe('exited with code 0');
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('was killed by SIGKILL');
  });
});
