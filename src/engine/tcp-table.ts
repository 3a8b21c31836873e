import { readFileSync } from 'node:fs';

// One TCP socket as /proc/net/tcp and /proc/net/tcp6 show it (Linux).
export interface TcpSocket {
  localPort: number;
  remotePort: number;
  /** The kernel's state: 'listen', 'established', or another state's number in hex. */
  state: string;
  /** Bytes received and not yet read by the process that holds the socket. */
  receiveQueue: number;
  inode: number;
}

const states: Record<string, string> = { '01': 'established', '0A': 'listen' };

// Every TCP socket of this network namespace (IPv4 and IPv6), or undefined where /proc/net cannot be read.
export function readTcpTable(): TcpSocket[] | undefined {
  const sockets: TcpSocket[] = [];
  let readAny = false;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    readAny = true;
    for (const line of text.split('\n').slice(1)) {
      const socket = parseLine(line);
      if (socket) sockets.push(socket);
    }
  }
  return readAny ? sockets : undefined;
}

// "  0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 12345 ..."
function parseLine(line: string): TcpSocket | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields.length < 10) return undefined;
  const local = fields[1]!.split(':');
  const remote = fields[2]!.split(':');
  const queues = fields[4]!.split(':');
  const stateCode = fields[3]!.toUpperCase();
  return {
    localPort: parseInt(local[1] ?? '', 16),
    remotePort: parseInt(remote[1] ?? '', 16),
    state: states[stateCode] ?? stateCode,
    receiveQueue: parseInt(queues[1] ?? '', 16),
    inode: Number(fields[9]),
  };
}
