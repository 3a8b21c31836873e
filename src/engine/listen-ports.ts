import { socketInodesOf } from './socket-owners.js';
import { readTcpTable } from './tcp-table.js';

// The TCP ports the given processes listen on, from the socket table (/proc/net/tcp, tcp6) and their open
// sockets; undefined where the table cannot be read.
export function listeningPorts(pids: readonly number[]): number[] | undefined {
  const table = readTcpTable();
  if (!table) return undefined;
  const held = new Set<number>();
  for (const pid of pids) for (const inode of socketInodesOf(pid)) held.add(inode);
  const ports = table.filter((socket) => socket.state === 'listen' && held.has(socket.inode)).map((socket) => socket.localPort);
  return [...new Set(ports)].sort((a, b) => a - b);
}
