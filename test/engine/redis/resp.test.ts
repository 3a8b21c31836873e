import { describe, expect, it } from 'vitest';
import { encodeCommand, MAX_KEPT_BYTES, RespError, RespParser } from '../../../src/engine/redis/resp.js';

describe('RESP', () => {
  it('encodes a command as an array of bulk strings, counting bytes, not characters', () => {
    expect(encodeCommand(['SET', 'k', 'é']).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
  });

  it('reads every reply type', () => {
    const parser = new RespParser();
    const values = parser.push(Buffer.from('+PONG\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$1\r\na\r\n:1\r\n*-1\r\n-ERR wrong\r\n'));
    expect(values.slice(0, 6)).toEqual(['PONG', 42, 'hello', null, ['a', 1], null]);
    expect(values[6]).toBeInstanceOf(RespError);
    expect((values[6] as RespError).message).toBe('ERR wrong');
  });

  it('waits for the rest of a reply cut anywhere, a bulk string holding \\r\\n included', () => {
    const bytes = Buffer.from('*2\r\n$4\r\na\r\nb\r\n+OK\r\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      const parser = new RespParser();
      const values = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut))];
      expect(values).toEqual([['a\r\nb', 'OK']]);
    }
  });

  it('keeps only the start of a MONITOR line or a bulk string of megabytes, and reads on after it, in chunks of any size', () => {
    const value = 'v'.repeat(8 * 1024 * 1024);
    const bytes = Buffer.from(`+1700000000.000001 [0 127.0.0.1:5000] "SET" "k" "${value}"\r\n$${value.length}\r\n${value}\r\n+OK\r\n:7\r\n`);
    const head = `1700000000.000001 [0 127.0.0.1:5000] "SET" "k" "${value}`.slice(0, MAX_KEPT_BYTES);
    for (const size of [bytes.length, 65_536, 1_000, 7]) {
      const parser = new RespParser();
      const values = [];
      for (let start = 0; start < bytes.length; start += size) values.push(...parser.push(bytes.subarray(start, start + size)));
      expect(values, `chunks of ${size} bytes`).toEqual([head, value.slice(0, MAX_KEPT_BYTES), 'OK', 7]);
    }
  });

  it('throws on bytes that are not RESP', () => {
    expect(() => new RespParser().push(Buffer.from('HTTP/1.1 200 OK\r\n'))).toThrow(/not a RESP reply/);
  });
});
