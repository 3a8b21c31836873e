import { socketInodesOf } from '../proc/socket-owners.js';
import { readTcpTable } from '../proc/tcp-table.js';

// Every socket the given processes hold open, by inode.
function socketsOf(pids: readonly number[]): Set<number> {
  const held = new Set<number>();
  for (const pid of pids) for (const inode of socketInodesOf(pid)) held.add(inode);
  return held;
}

// The TCP ports the given processes listen on, from the socket table (/proc/net/tcp, tcp6) and their open
// sockets; undefined where the table cannot be read.
export function listeningPorts(pids: readonly number[]): number[] | undefined {
  const table = readTcpTable();
  if (!table) return undefined;
  const held = socketsOf(pids);
  const ports = table.filter((socket) => socket.state === 'listen' && held.has(socket.inode)).map((socket) => socket.localPort);
  return [...new Set(ports)].sort((a, b) => a - b);
}

// Addresses a connection to 127.0.0.1 reaches: IPv4's any and loopback, IPv6's any (dual-stack) and their
// IPv4-mapped forms.
const reachableFromLoopback = new Set(['0.0.0.0', '127.0.0.1', '::', '::ffff:0.0.0.0', '::ffff:127.0.0.1']);

/**
 * The addresses the given processes listen on at `port` when none of them is one a client connecting to
 * 127.0.0.1 reaches (`::1` only, say: `localhost` may resolve to it, 127.0.0.1 never does). Undefined when
 * one is reachable, when they do not listen on the port, or where the table cannot be read.
 */
export function unreachableListeners(port: number, pids: readonly number[]): string[] | undefined {
  const table = readTcpTable();
  if (!table) return undefined;
  const held = socketsOf(pids);
  const addresses = table.filter((socket) => socket.state === 'listen' && socket.localPort === port && held.has(socket.inode)).map((socket) => socket.localAddress);
  if (addresses.length === 0 || addresses.some((address) => reachableFromLoopback.has(address))) return undefined;
  return [...new Set(addresses)];
}

/**
 * The addresses ("127.0.0.1:6379") the given processes are connected or connecting to on `remotePort`, from
 * the socket table; empty where it cannot be read.
 */
export function connectionsTo(remotePort: number, pids: readonly number[]): string[] {
  const table = readTcpTable();
  if (!table) return [];
  const held = socketsOf(pids);
  const found = table.filter((socket) => (socket.state === 'established' || socket.state === 'connecting') && socket.remotePort === remotePort && held.has(socket.inode));
  return [...new Set(found.map((socket) => `${socket.remoteAddress.replace(/^::ffff:/, '')}:${socket.remotePort}`))];
}
