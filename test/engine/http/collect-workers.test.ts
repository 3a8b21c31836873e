import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { collectWorkers, workerPidOf } from '../../../src/engine/http/collect-workers.js';
import type { HttpAnswer } from '../../../src/engine/http/http-get.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

// A server whose answers name the pids in turn, one per connection.
async function serveAs(pids: string[]): Promise<number> {
  let turn = 0;
  const server = createServer((req, res) => {
    res.setHeader('x-worker-pid', pids[turn++ % pids.length]!);
    res.end('hello world\n');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

const answerWith = (header: string | undefined): HttpAnswer => ({ status: 200, headers: header === undefined ? {} : { 'x-worker-pid': header }, body: '', durationMs: 0 });

describe('collectWorkers', () => {
  it('reads the worker pid from x-worker-pid, when it is a number', () => {
    expect(workerPidOf(answerWith('1234'))).toBe(1234);
    expect(workerPidOf(answerWith(' 99 '))).toBe(99);
    expect(workerPidOf(answerWith('abc'))).toBeUndefined();
    expect(workerPidOf(answerWith('12.5'))).toBeUndefined();
    expect(workerPidOf(answerWith(undefined))).toBeUndefined();
  });

  it('stops as soon as every wanted worker has answered', async () => {
    const port = await serveAs(['11', '11', '22', '33']);
    const result = await collectWorkers(port, { want: 3, quietMs: 3000, maxRequests: 50, requestTimeoutMs: 3000 });
    expect(result).toMatchObject({ pids: [11, 22, 33], complete: true });
    expect(result.answers).toHaveLength(4);
  });

  it('gives up when no new worker answers for quietMs, or after maxRequests', async () => {
    const port = await serveAs(['11']);
    const quiet = await collectWorkers(port, { want: 2, quietMs: 100, maxRequests: 1000, requestTimeoutMs: 3000 });
    expect(quiet.complete).toBe(false);
    expect(quiet.pids).toEqual([11]);
    expect(quiet.answers.length).toBeGreaterThan(1);
    const bounded = await collectWorkers(port, { want: 2, quietMs: 60_000, maxRequests: 5, requestTimeoutMs: 3000 });
    expect(bounded).toMatchObject({ complete: false, pids: [11] });
    expect(bounded.answers).toHaveLength(5);
  });

  it('gives up after the settled quiet time only while noneLeft says no other worker is there', async () => {
    const port = await serveAs(['11']);
    const asked: number[][] = [];
    // Nothing left to come: the short quiet time ends it, long before quietMs.
    const settled = await collectWorkers(port, {
      want: 2,
      quietMs: 60_000,
      settled: { quietMs: 50, noneLeft: (pids) => (asked.push([...pids]), true) },
      maxRequests: 100_000,
      requestTimeoutMs: 3000,
    });
    expect(settled).toMatchObject({ complete: false, pids: [11] });
    expect(settled.quietMs).toBe(50);
    expect(asked.at(-1)).toEqual([11]);
    // Another worker still there: quietMs holds (here cut short by maxRequests, so the test does not wait it out).
    const unsettled = await collectWorkers(port, { want: 2, quietMs: 60_000, settled: { quietMs: 1, noneLeft: () => false }, maxRequests: 40, requestTimeoutMs: 3000 });
    expect(unsettled.answers).toHaveLength(40);
  });

  it('stops at the first answer stopOn rejects', async () => {
    const port = await serveAs(['11', '22']);
    const result = await collectWorkers(port, { want: 2, quietMs: 3000, maxRequests: 50, requestTimeoutMs: 3000, stopOn: (entry) => entry.pid === 11 });
    expect(result).toMatchObject({ complete: false, pids: [] });
    expect(result.answers).toHaveLength(1);
  });
});
