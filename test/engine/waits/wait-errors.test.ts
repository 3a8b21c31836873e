import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
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

  it('lets an event that arrived before the deadline win, though the event loop was busy past it', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const accepted = once(server, 'connection') as Promise<[Socket]>;
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const [[peer]] = await Promise.all([accepted, once(client, 'connect')]);
    try {
      const wait = raceDeadline<string>(20, (resolve) => {
        peer.once('data', (chunk: Buffer) => resolve(chunk.toString()));
        return () => {};
      });
      client.write('arrived');
      // Busy past the deadline: the data is waiting in the socket when the timer fires.
      const until = Date.now() + 100;
      while (Date.now() < until);
      expect(await wait).toBe('arrived');
    } finally {
      client.destroy();
      peer.destroy();
      server.close();
    }
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
