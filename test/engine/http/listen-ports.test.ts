import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { unreachableListeners, watchOutgoing } from '../../../src/engine/http/listen-ports.js';
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

  it('finds the connections a process makes to other ports than the allowed ones, not those it accepted, at every look', async () => {
    let accepted: Socket | undefined;
    const server = createServer((socket) => {
      accepted = socket;
      socket.on('error', () => {});
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    // Another process connects to this one's server and says so once it is connected.
    const client = spawn(process.execPath, ['-e', `require('net').connect(${port}, '127.0.0.1', () => console.log('connected')); setInterval(() => {}, 1000)`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await once(client.stdout!, 'data');
      const watch = watchOutgoing(() => [client.pid!], []);
      expect(watch()).toEqual([`127.0.0.1:${port}`]);
      // Still open: still found at the next look.
      expect(watch()).toEqual([`127.0.0.1:${port}`]);
      expect(watchOutgoing(() => [client.pid!], [port])()).toEqual([]);
      expect(watchOutgoing(() => [], [])()).toEqual([]);
      // This process only accepted it: its side's local port is one it listens on.
      expect(accepted).toBeDefined();
      expect(watchOutgoing(() => [process.pid], [])()).not.toContain(`127.0.0.1:${accepted!.remotePort}`);
    } finally {
      client.kill('SIGKILL');
    }
  });
});
