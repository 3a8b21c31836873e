// A line of a private server's log, as its log_line_prefix ('%m [%p] %q%u@%d ') writes it:
// `2026-12-03 08:08:17.182 UTC [15207] learner@workshop LOG:  statement: SELECT 1`.
export interface LogLine {
  /** The server process that logged it: one per connection. */
  pid: number;
  /** Who is logged in on that connection; undefined for the server's own processes. */
  role?: string;
  database?: string;
  /** LOG, ERROR, FATAL, … */
  level: string;
  message: string;
}

const PREFIX = /^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[(\d+)\] (?:(\S*)@(\S*) )?([A-Z]+\d?):  (.*)$/;

// Reads a log line; undefined for a line that continues the one before (it starts with a tab) or any other text.
export function parseLogLine(line: string): LogLine | undefined {
  const match = PREFIX.exec(line);
  if (!match) return undefined;
  const [, pid, role, database, level, message] = match;
  return { pid: Number(pid), ...(role ? { role, database } : {}), level: level!, message: message! };
}

// A statement a connection sent, as log_statement logs it.
export interface LoggedStatement {
  pid: number;
  role: string;
  /** The statement's text, parameters as $1, $2 … (the extended protocol's `execute`, which node-postgres uses with parameters). */
  text: string;
}

/** At most this many statements are kept (a flood cannot exhaust memory); the first ones are what a check reads. */
const MAX_STATEMENTS = 50_000;
/** A statement's text is kept up to this many characters. */
const MAX_TEXT = 4_000;

// Collects the statements of a server's log, a multi-line statement joined from its continuation lines
// (the server starts each with a tab).
export class StatementLog {
  readonly statements: LoggedStatement[] = [];
  #open: LoggedStatement | undefined;

  /** Reads one log line; returns it parsed (undefined for a continuation line). */
  push(line: string): LogLine | undefined {
    if (line.startsWith('\t') && this.#open) {
      if (this.#open.text.length < MAX_TEXT) this.#open.text = `${this.#open.text}\n${line.slice(1)}`.slice(0, MAX_TEXT);
      return undefined;
    }
    this.#close();
    const parsed = parseLogLine(line);
    const text = parsed?.level === 'LOG' && parsed.role !== undefined ? /^(?:statement|execute [^:]*): ([\s\S]*)$/.exec(parsed.message)?.[1] : undefined;
    if (parsed && text !== undefined) this.#open = { pid: parsed.pid, role: parsed.role!, text: text.slice(0, MAX_TEXT) };
    return parsed;
  }

  #close(): void {
    if (this.#open && this.statements.length < MAX_STATEMENTS) this.statements.push(this.#open);
    this.#open = undefined;
  }
}
