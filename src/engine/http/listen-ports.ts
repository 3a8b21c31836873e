import { socketInodesOf } from '../proc/socket-owners.js';
import { readTcpTable, type TcpSocket } from '../proc/tcp-table.js';

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
 * Watches for connections the given processes make to a port other than `allowedPorts`: each call of the
 * function it returns reads the socket table (or looks at the one it is given) and gives the addresses ("127.0.0.1:6379") of such connections,
 * connected or connecting; empty where the table cannot be read. The server side of a connection (its local
 * port one that is listened on) is not one. Cheap when nothing changed: a socket once found not to be theirs
 * is not looked up again while `pids` gives the same processes, and their open files are read only when the
 * table holds a socket not judged yet.
 */
export function watchOutgoing(pids: () => readonly number[], allowedPorts: readonly number[]): (table?: TcpSocket[]) => string[] {
  const judged = new Set<number>();
  let judgedFor = '';
  return (table = readTcpTable()) => {
    if (!table) return [];
    const listened = new Set(table.filter((socket) => socket.state === 'listen').map((socket) => socket.localPort));
    const fresh = table.filter(
      (socket) => (socket.state === 'established' || socket.state === 'connecting') && socket.inode > 0 && !judged.has(socket.inode) && !allowedPorts.includes(socket.remotePort) && !listened.has(socket.localPort),
    );
    if (fresh.length === 0) return [];
    const processes = pids();
    const key = [...processes].sort((a, b) => a - b).join(',');
    // Another process of theirs (a worker just forked) may hold a socket judged before: judge again.
    if (key !== judgedFor) judged.clear();
    judgedFor = key;
    const held = socketsOf(processes);
    const found = fresh.filter((socket) => held.has(socket.inode));
    for (const socket of fresh) if (!held.has(socket.inode)) judged.add(socket.inode);
    return [...new Set(found.map((socket) => `${socket.remoteAddress.replace(/^::ffff:/, '')}:${socket.remotePort}`))];
  };
}
