import { readFileSync } from 'node:fs';

// One TCP socket as /proc/net/tcp and /proc/net/tcp6 show it (Linux).
export interface TcpSocket {
  /** The local address as text: "127.0.0.1", "0.0.0.0", "::1", "::", "::ffff:127.0.0.1". */
  localAddress: string;
  localPort: number;
  /** The remote address as text, as localAddress. */
  remoteAddress: string;
  remotePort: number;
  /** The kernel's state: 'listen', 'established', 'connecting' (SYN sent), or another state's number in hex. */
  state: string;
  /** Bytes received and not yet read by the process that holds the socket. */
  receiveQueue: number;
  inode: number;
}

const states: Record<string, string> = { '01': 'established', '02': 'connecting', '0A': 'listen' };

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
    localAddress: decodeAddress(local[0] ?? ''),
    localPort: parseInt(local[1] ?? '', 16),
    remoteAddress: decodeAddress(remote[0] ?? ''),
    remotePort: parseInt(remote[1] ?? '', 16),
    state: states[stateCode] ?? stateCode,
    receiveQueue: parseInt(queues[1] ?? '', 16),
    inode: Number(fields[9]),
  };
}

// The kernel prints an address as 32-bit words in host byte order (little-endian on the machines we run on):
// "0100007F" is 127.0.0.1, "00000000000000000000000001000000" is ::1.
function decodeAddress(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word + 8 <= hex.length; word += 8) {
    const value = parseInt(hex.slice(word, word + 8), 16);
    bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
  }
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length !== 16) return hex;
  if (bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = Array.from({ length: 8 }, (_, index) => ((bytes[2 * index]! << 8) | bytes[2 * index + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
}
