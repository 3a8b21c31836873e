import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { requestReader } from '../../../src/engine/http/connection-holder.js';
import { freePort } from '../../../src/engine/http/free-port.js';
import { httpGet, HttpFailure } from '../../../src/engine/http/http-get.js';
import { pollUntil } from '../../../src/engine/waits/poll-until.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

// A server on a free port of 127.0.0.1 with the given handler.
async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

async function failure(promise: Promise<unknown>): Promise<HttpFailure> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HttpFailure);
  return error as HttpFailure;
}

describe('httpGet', () => {
  it('takes an answer that came before the deadline, though the event loop was busy past it', async () => {
    // The server runs in a worker thread, so it answers while this thread is busy.
    const answered = new Int32Array(new SharedArrayBuffer(4));
    const server = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
      const answered = new Int32Array(workerData);
      require('node:http').createServer((req, res) => res.end('in time', () => { Atomics.store(answered, 0, 1); Atomics.notify(answered, 0); }))
        .listen(0, '127.0.0.1', function () { parentPort.postMessage(this.address().port); });`,
      { eval: true, workerData: answered.buffer },
    );
    try {
      const [port] = (await once(server, 'message')) as [number];
      const timeoutMs = 1_000;
      const started = Date.now();
      const answer = httpGet(port, '/', {
        timeoutMs,
        onSent: () => {
          // Busy until the answer waits in the socket and the deadline has passed.
          expect(Atomics.wait(answered, 0, 0, 20_000)).not.toBe('timed-out');
          while (Date.now() < started + timeoutMs + 50);
        },
      });
      expect((await answer).body).toBe('in time');
    } finally {
      await server.terminate();
    }
  });

  it('captures status, headers and body, on a connection closed after the response', async () => {
    const seen: { connection?: string; sockets: Set<unknown> } = { sockets: new Set() };
    const { port } = await serve((req, res) => {
      seen.connection = req.headers.connection;
      seen.sockets.add(req.socket);
      res.writeHead(200, { 'x-worker-pid': '123' });
      res.end('hello world\n');
    });
    const first = await httpGet(port, '/', { timeoutMs: 3000 });
    const second = await httpGet(port, '/', { timeoutMs: 3000 });
    expect(first).toMatchObject({ status: 200, body: 'hello world\n' });
    expect(first.headers['x-worker-pid']).toBe('123');
    expect(second.body).toBe('hello world\n');
    expect(seen.connection).toBe('close');
    // Each request on a fresh connection: round robin hands out connections, not requests.
    expect(seen.sockets.size).toBe(2);
  });

  it('says "refused" when nothing listens', async () => {
    const port = await freePort();
    const error = await failure(httpGet(port, '/', { timeoutMs: 3000 }));
    expect(error.reason).toBe('refused');
    expect(error.describe).toBe(`connection refused: nothing listens on port ${port}`);
  });

  it('says "closed" when the server hangs up without a response', async () => {
    const { port } = await serve((req) => req.socket.destroy());
    const error = await failure(httpGet(port, '/', { timeoutMs: 3000 }));
    expect(error.reason).toBe('closed');
  });

  it('says "closed" when the response is cut off in the middle', async () => {
    const { port } = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('part of it');
      setImmediate(() => req.socket.destroy());
    });
    const error = await failure(httpGet(port, '/', { timeoutMs: 3000 }));
    expect(['closed', 'reset']).toContain(error.reason);
  });

  it('gives up at its deadline, and on an abort', async () => {
    const { port } = await serve(() => {});
    expect((await failure(httpGet(port, '/', { timeoutMs: 50 }))).reason).toBe('timeout');
    const controller = new AbortController();
    const pending = httpGet(port, '/', { timeoutMs: 3000, signal: controller.signal });
    controller.abort();
    expect((await failure(pending)).reason).toBe('cancelled');
  });

  it('reports the client port once sent, and /proc then shows which process has read the request', async () => {
    let respond = () => {};
    const { port } = await serve((req, res) => {
      respond = () => res.end('done\n');
    });
    let clientPort = 0;
    const sent = new Promise<void>((resolve) => {
      const answer = httpGet(port, '/slow', {
        timeoutMs: 3000,
        onSent: (local) => {
          clientPort = local;
          resolve();
        },
      });
      void answer.then((result) => expect(result.body).toBe('done\n'));
    });
    await sent;
    expect(clientPort).toBeGreaterThan(0);
    // The server runs in this process: it is the one that holds the connection and reads the request.
    expect(requestReader(port, clientPort, [process.pid + 1_000_000])).toBeUndefined();
    await expect(pollUntil(() => requestReader(port, clientPort, [process.pid]), { timeoutMs: 3000 })).resolves.toBe(process.pid);
    respond();
  });
});
