import { ownerOfSocket } from '../proc/socket-owners.js';
import { readTcpTable } from '../proc/tcp-table.js';

// Who listens on a port: one of the given processes ('ours'), another program ('theirs'), nobody,
// or 'unknown' where the platform has no /proc to tell.
export type PortHolder = 'ours' | 'theirs' | 'nobody' | 'unknown';

// Tells whether a listening port belongs to a program's own processes (the learner's tree) or to someone else.
export function portHolder(port: number, pids: readonly number[]): PortHolder {
  const table = readTcpTable();
  if (!table) return 'unknown';
  const listening = table.filter((socket) => socket.state === 'listen' && socket.localPort === port);
  if (listening.length === 0) return 'nobody';
  return listening.some((socket) => ownerOfSocket(socket.inode, pids) !== undefined) ? 'ours' : 'theirs';
}
