// RESP2, the protocol Redis speaks: commands are arrays of bulk strings, replies one of five types.

/** A reply: simple and bulk strings as text, integers as numbers, nil as null, arrays, or an error reply. */
export type RespValue = string | number | null | RespValue[] | RespError;

// An error reply (-ERR ..., -NOPERM ...): the server's answer, not a broken connection.
export class RespError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RespError';
  }
}

// A command as the bytes Redis reads: *<n> then $<length> <argument> for each argument.
export function encodeCommand(args: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(arg);
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

const INCOMPLETE = Symbol('incomplete');
type Parsed = { value: RespValue; end: number } | typeof INCOMPLETE;

/**
 * The most of one simple string (a MONITOR line) or top-level bulk string that is kept: the rest is read
 * and dropped. A learner's program can send Redis values of hundreds of megabytes; the check needs the
 * commands and keys, and the workshop's memory must not grow with what a program sends.
 */
export const MAX_KEPT_BYTES = 64 * 1024;

/** A reply too long to keep whole: its kept start, and how its rest ends (at a newline, or after so many more bytes). */
type Dropping = { kept: string; until: 'newline' | number };

// Turns the bytes of a connection into replies, however the stream is cut into chunks.
export class RespParser {
  #buffer: Buffer = Buffer.alloc(0);
  #dropping: Dropping | undefined;

  /** Adds bytes and returns every reply they complete, in order. Throws on bytes that are not RESP. */
  push(chunk: Buffer): RespValue[] {
    const values: RespValue[] = [];
    if (this.#dropping) {
      const rest = this.#drop(chunk);
      if (rest === undefined) return values;
      values.push(this.#dropping.kept);
      this.#dropping = undefined;
      chunk = rest;
    }
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let offset = 0;
    for (;;) {
      const parsed = parseValue(this.#buffer, offset);
      if (parsed === INCOMPLETE) break;
      values.push(parsed.value);
      offset = parsed.end;
    }
    this.#buffer = this.#buffer.subarray(offset);
    const tooLong = this.#tooLong();
    if (tooLong) {
      this.#dropping = tooLong.dropping;
      this.#buffer = Buffer.alloc(0);
      values.push(...this.push(tooLong.rest));
    }
    return values;
  }

  // An unfinished reply at the buffer's start that is past MAX_KEPT_BYTES: a simple string with no line end
  // yet, or a bulk string whose announced length is. Returns what to keep and the bytes after the kept part.
  #tooLong(): { dropping: Dropping; rest: Buffer } | undefined {
    const buffer = this.#buffer;
    if (buffer[0] === 0x2b /* + */ && buffer.length > MAX_KEPT_BYTES + 1) {
      return { dropping: { kept: buffer.toString('utf8', 1, MAX_KEPT_BYTES + 1), until: 'newline' }, rest: buffer.subarray(MAX_KEPT_BYTES + 1) };
    }
    if (buffer[0] === 0x24 /* $ */) {
      const lineEnd = buffer.indexOf('\r\n');
      const length = lineEnd === -1 ? NaN : Number(buffer.toString('utf8', 1, lineEnd));
      if (length > MAX_KEPT_BYTES) {
        const start = lineEnd + 2;
        const kept = buffer.subarray(start, start + MAX_KEPT_BYTES);
        if (kept.length < MAX_KEPT_BYTES) return undefined;
        return { dropping: { kept: kept.toString('utf8'), until: length - MAX_KEPT_BYTES + 2 }, rest: buffer.subarray(start + MAX_KEPT_BYTES) };
      }
    }
    return undefined;
  }

  // Drops the bytes of the reply being dropped: the bytes after its end, or undefined when the chunk is all its.
  #drop(chunk: Buffer): Buffer | undefined {
    const dropping = this.#dropping!;
    if (dropping.until === 'newline') {
      const newline = chunk.indexOf(0x0a);
      return newline === -1 ? undefined : chunk.subarray(newline + 1);
    }
    if (chunk.length < dropping.until) {
      dropping.until -= chunk.length;
      return undefined;
    }
    return chunk.subarray(dropping.until);
  }
}

function parseValue(buffer: Buffer, start: number): Parsed {
  const lineEnd = buffer.indexOf('\r\n', start);
  if (lineEnd === -1) return INCOMPLETE;
  const type = String.fromCharCode(buffer[start]!);
  const line = buffer.toString('utf8', start + 1, Math.min(lineEnd, start + 1 + MAX_KEPT_BYTES));
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RespError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return INCOMPLETE;
      return { value: buffer.toString('utf8', next, next + Math.min(length, MAX_KEPT_BYTES)), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let offset = next;
      for (let index = 0; index < count; index++) {
        const item = parseValue(buffer, offset);
        if (item === INCOMPLETE) return INCOMPLETE;
        items.push(item.value);
        offset = item.end;
      }
      return { value: items, end: offset };
    }
    default:
      throw new Error(`not a RESP reply (starts with ${JSON.stringify(type)})`);
  }
}
