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

// Turns the bytes of a connection into replies, however the stream is cut into chunks.
export class RespParser {
  #buffer: Buffer = Buffer.alloc(0);

  /** Adds bytes and returns every reply they complete, in order. Throws on bytes that are not RESP. */
  push(chunk: Buffer): RespValue[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const values: RespValue[] = [];
    let offset = 0;
    for (;;) {
      const parsed = parseValue(this.#buffer, offset);
      if (parsed === INCOMPLETE) break;
      values.push(parsed.value);
      offset = parsed.end;
    }
    this.#buffer = this.#buffer.subarray(offset);
    return values;
  }
}

function parseValue(buffer: Buffer, start: number): Parsed {
  const lineEnd = buffer.indexOf('\r\n', start);
  if (lineEnd === -1) return INCOMPLETE;
  const type = String.fromCharCode(buffer[start]!);
  const line = buffer.toString('utf8', start + 1, lineEnd);
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
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
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
