import { ownerOfSocket } from '../proc/socket-owners.js';
import { readTcpTable } from '../proc/tcp-table.js';

// Which process has taken a client's connection and read its request: the server side of the connection
// from `clientPort` to `serverPort` is held by one of `pids` and its receive queue is empty. Undefined
// until then; 'unknown' where the platform has no /proc to tell.
export function requestReader(serverPort: number, clientPort: number, pids: readonly number[]): number | 'unknown' | undefined {
  const table = readTcpTable();
  if (!table) return 'unknown';
  const serverSide = table.find((socket) => socket.state === 'established' && socket.localPort === serverPort && socket.remotePort === clientPort);
  if (!serverSide || serverSide.receiveQueue > 0) return undefined;
  return ownerOfSocket(serverSide.inode, pids);
}
