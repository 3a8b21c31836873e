import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionsTo, unreachableListeners } from '../../../src/engine/http/listen-ports.js';
import { readTcpTable } from '../../../src/engine/proc/tcp-table.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

// Listens in this process (the process the socket table is asked about), on `host` when given.
async function listen(host?: string): Promise<number> {
  const server = createServer((socket) => socket.on('error', () => {}));
  servers.push(server);
  await new Promise<void>((resolve) => (host ? server.listen(0, host, resolve) : server.listen(0, resolve)));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe.skipIf(readTcpTable() === undefined)('the socket table', () => {
  it('reads listening addresses as text: ::1, 127.0.0.1, and :: for every address', async () => {
    const [v6, v4, any] = [await listen('::1'), await listen('127.0.0.1'), await listen()];
    const table = readTcpTable()!;
    const at = (port: number) => table.find((socket) => socket.state === 'listen' && socket.localPort === port)?.localAddress;
    expect([at(v6), at(v4), at(any)]).toEqual(['::1', '127.0.0.1', '::']);
  });

  it('names a listener that 127.0.0.1 cannot reach (::1 alone), and no other', async () => {
    const v6 = await listen('::1');
    const any = await listen();
    const loopback = await listen('127.0.0.1');
    expect(unreachableListeners(v6, [process.pid])).toEqual(['::1']);
    expect(unreachableListeners(any, [process.pid])).toBeUndefined();
    expect(unreachableListeners(loopback, [process.pid])).toBeUndefined();
    // Not held by the processes asked about: nothing to say.
    expect(unreachableListeners(v6, [])).toBeUndefined();
  });

  it('finds the connections the processes hold to a port', async () => {
    const port = await listen('127.0.0.1');
    const client = connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => client.once('connect', resolve));
    try {
      expect(connectionsTo(port, [process.pid])).toEqual([`127.0.0.1:${port}`]);
      expect(connectionsTo(port, [])).toEqual([]);
    } finally {
      client.destroy();
    }
  });
});
