import { closeSync, openSync, readSync } from 'node:fs';
import { normalizeLine } from '../waits/normalize-line.js';

// Which process wrote what to a program's stdout, and which signals it handled then. Every process of a
// program shares one stdout pipe (a cluster's workers inherit the primary's), so the pipe cannot tell. A
// preload in Node's flags, which the workers inherit through process.execArgv, records each
// process.stdout.write (console.log's path) with the writer's pid in a log file. A data: URL, so nothing
// is installed in the learner's folder.

/** The signals whose handlers a write records (see StdoutWrite.handled). */
export const LOGGED_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const;

/** One process.stdout.write of a program. */
export interface StdoutWrite {
  pid: number;
  text: string;
  /** The LOGGED_SIGNALS the process had a listener for (process.on) when it wrote. */
  handled: string[];
}

/** Node flags that make every process of a program log its writes to stdout in `logFile`. */
export function stdoutWritersArgs(logFile: string): string[] {
  const code = [
    "import { appendFileSync } from 'node:fs';",
    'const stdout = process.stdout;',
    'const write = stdout.write;',
    `const signals = ${JSON.stringify(LOGGED_SIGNALS)};`,
    'stdout.write = function (chunk, ...rest) {',
    `  try { appendFileSync(${JSON.stringify(logFile)}, JSON.stringify([process.pid, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(), signals.filter((name) => process.listenerCount(name) > 0)]) + '\\n'); } catch {}`,
    '  return write.call(this, chunk, ...rest);',
    '};',
  ].join('\n');
  return ['--import', `data:text/javascript,${encodeURIComponent(code)}`];
}

/**
 * The writes logged in `logFile` so far, in order. Writes that bypass process.stdout.write
 * (fs.writeSync(1, …)), and those of processes started without the inherited flags, are not in it.
 */
export function readStdoutWrites(logFile: string): StdoutWrite[] {
  const log = readStart(logFile, MAX_LOG_BYTES);
  const writes: StdoutWrite[] = [];
  for (const entry of log.split('\n')) {
    if (entry === '') continue;
    try {
      const [pid, text, handled] = JSON.parse(entry) as [unknown, unknown, unknown];
      if (typeof pid === 'number' && typeof text === 'string' && Array.isArray(handled)) writes.push({ pid, text, handled: handled.filter((name) => typeof name === 'string') });
    } catch {
      // A line cut by a process killed mid-write: nothing to learn from it.
    }
  }
  return writes;
}

/**
 * How much of the log is read: the lines a check asks about come early, and the program can write to the
 * log itself (it knows its path), so a huge log must not become the verifier's memory.
 */
const MAX_LOG_BYTES = 4_000_000;

// The first `max` bytes of a file as text ('' when it cannot be read); a last entry cut there fails to parse.
function readStart(file: string, max: number): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const buffer = Buffer.alloc(max);
    let length = 0;
    for (let read = -1; read !== 0 && length < max; length += read) read = readSync(fd, buffer, length, max - length, null);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The lines each process wrote, by pid (normalized as the checks compare lines). */
export function linesByWriter(writes: readonly StdoutWrite[]): Map<number, string[]> {
  const texts = new Map<number, string>();
  for (const { pid, text } of writes) texts.set(pid, (texts.get(pid) ?? '') + text);
  return new Map([...texts].map(([pid, text]) => [pid, text.split('\n').map(normalizeLine)]));
}

/** The pids of the processes that wrote `line` (normalized). */
export function writersOf(writes: readonly StdoutWrite[], line: string): number[] {
  return [...linesByWriter(writes)].filter(([, lines]) => lines.includes(line)).map(([pid]) => pid);
}

/** The first write of process `pid` that holds the whole line `line` (normalized). */
export function writeOfLine(writes: readonly StdoutWrite[], pid: number, line: string): StdoutWrite | undefined {
  return writes.find((write) => write.pid === pid && write.text.split('\n').map(normalizeLine).includes(line));
}
