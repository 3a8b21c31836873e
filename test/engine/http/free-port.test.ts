import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../src/engine/http/free-port.js';
import { readTcpTable } from '../../../src/engine/proc/tcp-table.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

function listenOn(port: number, host?: string): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      servers.push(server);
      resolve(server);
    });
  });
}

const TIME_WAIT = '06';

describe('freePort', () => {
  it('gives a port that nothing listens on, and that a server can then listen on by number, on every address', async () => {
    const port = await freePort();
    expect(readTcpTable()?.some((socket) => socket.state === 'listen' && socket.localPort === port) ?? false).toBe(false);
    const server = await listenOn(port);
    expect(server.address()).toMatchObject({ port });
  });

  it('gives a port that a server can listen on by number on 127.0.0.1 (as redis-server does)', async () => {
    const port = await freePort();
    const server = await listenOn(port, '127.0.0.1');
    expect(server.address()).toMatchObject({ address: '127.0.0.1', port });
  });

  // The reservation: while a socket of the port is in TIME_WAIT, Linux's bind to port 0 (any process's
  // freePort, any test worker's) passes it over, so no other run is given it before the program listens.
  it.runIf(existsSync('/proc/net/tcp'))('leaves the port in TIME_WAIT, where no bind to port 0 is given it', async () => {
    const ports = await Promise.all(Array.from({ length: 5 }, () => freePort()));
    const table = readTcpTable()!;
    for (const port of ports) {
      expect(table.some((socket) => socket.state === TIME_WAIT && socket.localPort === port), `a TIME_WAIT socket on port ${port}`).toBe(true);
    }
  });

  it('never gives the same port twice in a row of calls', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 20; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });
});
