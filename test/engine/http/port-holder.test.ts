import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../src/engine/http/free-port.js';
import { portHolder } from '../../../src/engine/http/port-holder.js';
import { socketInodesOf, ownerOfSocket } from '../../../src/engine/proc/socket-owners.js';
import { readTcpTable } from '../../../src/engine/proc/tcp-table.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function listen(host?: string): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as { port: number }).port;
}

describe('the listening port and who holds it, from /proc', () => {
  it('finds a listening socket (IPv4 and IPv6) and the process that holds it', async () => {
    for (const host of ['127.0.0.1', '::']) {
      const port = await listen(host);
      const socket = readTcpTable()!.find((entry) => entry.state === 'listen' && entry.localPort === port);
      expect(socket, `a listening socket on ${host} port ${port}`).toBeDefined();
      expect(socketInodesOf(process.pid).has(socket!.inode)).toBe(true);
      expect(ownerOfSocket(socket!.inode, [process.pid])).toBe(process.pid);
    }
  });

  it("says 'ours' for the given processes, 'theirs' for anyone else, 'nobody' for a free port", async () => {
    const port = await listen();
    expect(portHolder(port, [process.pid])).toBe('ours');
    expect(portHolder(port, [process.ppid])).toBe('theirs');
    expect(portHolder(await freePort(), [process.pid])).toBe('nobody');
  });
});
