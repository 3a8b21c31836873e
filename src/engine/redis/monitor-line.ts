// One command as MONITOR reports it: `1700000000.123456 [0 127.0.0.1:52780] "INCR" "count"`.
export interface MonitoredCommand {
  db: number;
  /** Who sent it: "127.0.0.1:52780" (a connection), "lua" (a script), "unix:/path" (a socket). */
  client: string;
  /** The command name upper-cased, then its arguments as sent. */
  name: string;
  args: string[];
}

const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', '"': '"', '\\': '\\' };

// Reads a MONITOR line (arguments are quoted as Redis quotes them: \" \\ \n \xHH); undefined for any other line.
export function parseMonitorLine(line: string): MonitoredCommand | undefined {
  const head = /^\d+\.\d+ \[(\d+) ([^\]]+)\] /.exec(line);
  if (!head) return undefined;
  const words: string[] = [];
  const quoted = /"((?:[^"\\]|\\x[0-9a-fA-F]{2}|\\.)*)"/g;
  for (const match of line.slice(head[0].length).matchAll(quoted)) {
    words.push(match[1]!.replace(/\\x([0-9a-fA-F]{2})|\\(.)/g, (_all, hex: string | undefined, char: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : (escapes[char!] ?? char!))));
  }
  if (words.length === 0) return undefined;
  return { db: Number(head[1]), client: head[2]!, name: words[0]!.toUpperCase(), args: words.slice(1) };
}
