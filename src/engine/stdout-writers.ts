import { readFileSync } from 'node:fs';
import { normalizeLine } from './normalize-line.js';

// Which process wrote what to a program's stdout. Every process of a program shares one stdout pipe (a
// cluster's workers inherit the primary's), so the pipe cannot tell. A preload in Node's flags, which the
// workers inherit through process.execArgv, records each process.stdout.write (console.log's path) with
// the writer's pid in a log file. A data: URL, so nothing is installed in the learner's folder.

/** Node flags that make every process of a program log its writes to stdout in `logFile`. */
export function stdoutWritersArgs(logFile: string): string[] {
  const code = [
    "import { appendFileSync } from 'node:fs';",
    'const stdout = process.stdout;',
    'const write = stdout.write;',
    'stdout.write = function (chunk, ...rest) {',
    `  try { appendFileSync(${JSON.stringify(logFile)}, JSON.stringify([process.pid, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()]) + '\\n'); } catch {}`,
    '  return write.call(this, chunk, ...rest);',
    '};',
  ].join('\n');
  return ['--import', `data:text/javascript,${encodeURIComponent(code)}`];
}

/**
 * The lines each process wrote to stdout through process.stdout.write, by pid, as read from `logFile` now
 * (normalized as the checks compare lines). Writes that bypass process.stdout.write (fs.writeSync(1, …)),
 * and those of processes started without the inherited flags, are not in it.
 */
export function readStdoutWriters(logFile: string): Map<number, string[]> {
  let log: string;
  try {
    log = readFileSync(logFile, 'utf8');
  } catch {
    return new Map();
  }
  const texts = new Map<number, string>();
  for (const entry of log.split('\n')) {
    if (entry === '') continue;
    try {
      const [pid, text] = JSON.parse(entry) as [unknown, unknown];
      if (typeof pid === 'number' && typeof text === 'string') texts.set(pid, (texts.get(pid) ?? '') + text);
    } catch {
      // A line cut by a process killed mid-write: nothing to learn from it.
    }
  }
  return new Map([...texts].map(([pid, text]) => [pid, text.split('\n').map(normalizeLine)]));
}

/** Who wrote `line` (normalized): the pids whose writes hold it. */
export function writersOf(writers: ReadonlyMap<number, readonly string[]>, line: string): number[] {
  return [...writers].filter(([, lines]) => lines.includes(line)).map(([pid]) => pid);
}
