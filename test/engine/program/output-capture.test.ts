import { describe, expect, it } from 'vitest';
import { OutputCapture } from '../../../src/engine/program/output-capture.js';

describe('OutputCapture', () => {
  it('splits chunks into lines, also when a line spans chunks', () => {
    const capture = new OutputCapture('stdout');
    const seen: [string, number][] = [];
    capture.onLine((line, index) => seen.push([line, index]));
    capture.push(Buffer.from('one\ntw'));
    capture.push(Buffer.from('o\nthree'));
    expect(capture.lines).toEqual(['one', 'two']);
    capture.end();
    expect(capture.lines).toEqual(['one', 'two', 'three']);
    expect(seen).toEqual([
      ['one', 0],
      ['two', 1],
      ['three', 2],
    ]);
    expect(capture.text).toBe('one\ntwo\nthree');
  });

  it('keeps the raw line (a \\r stays; normalizing is the comparison\'s job)', () => {
    const capture = new OutputCapture('stdout');
    capture.push('a\r\nb\r\n');
    expect(capture.lines).toEqual(['a\r', 'b\r']);
  });

  it('decodes a UTF-8 character split across two chunks', () => {
    const capture = new OutputCapture('stdout');
    const bytes = Buffer.from('✓ ünï\n');
    capture.push(bytes.subarray(0, 1));
    capture.push(bytes.subarray(1, 4));
    capture.push(bytes.subarray(4));
    expect(capture.lines).toEqual(['✓ ünï']);
  });

  it('emits no empty last line for output that ends with a newline', () => {
    const capture = new OutputCapture('stdout');
    capture.push('x\n');
    capture.end();
    expect(capture.lines).toEqual(['x']);
  });

  it('calls end listeners once, and unsubscribes listeners', () => {
    const capture = new OutputCapture('stderr');
    let ends = 0;
    let lines = 0;
    capture.onEnd(() => ends++);
    const off = capture.onLine(() => lines++);
    capture.push('a\n');
    off();
    capture.push('b\n');
    capture.end();
    capture.end();
    expect(ends).toBe(1);
    expect(lines).toBe(1);
    expect(capture.ended).toBe(true);
  });

  it('keeps at most capBytes, counts the rest, reports no line past the cap, and says once when it went past', () => {
    const capture = new OutputCapture('stdout', 10);
    const seen: string[] = [];
    const overflows: unknown[] = [];
    capture.onLine((line) => seen.push(line));
    capture.onOverflow((overflow) => overflows.push(overflow));
    capture.push('12345\n12345\n12345\n');
    expect(capture.text).toBe('12345\n1234');
    expect(capture.truncated).toBe(true);
    expect(capture.lines).toEqual(['12345']);
    expect(seen).toEqual(['12345']);
    capture.push('more\n');
    capture.end();
    expect(capture.text).toHaveLength(10);
    expect(capture.lines).toEqual(['12345']);
    expect(capture.bytes).toBe(23);
    expect(overflows).toEqual([{ stream: 'stdout', limit: { bytes: 10 }, at: expect.any(Number) }]);
  });

  it('goes past the cap with the first byte beyond it, also when a chunk ends exactly at the cap', () => {
    const capture = new OutputCapture('stderr', 4);
    capture.push('abc\n');
    expect(capture.truncated).toBe(false);
    expect(capture.lines).toEqual(['abc']);
    capture.push('d');
    expect(capture.truncated).toBe(true);
    expect(capture.overflow).toMatchObject({ stream: 'stderr', limit: { bytes: 4 } });
  });

  it('cuts one endless line at the cap: it is kept as text, never reported as a line', () => {
    const capture = new OutputCapture('stdout', 100);
    for (let i = 0; i < 50; i++) capture.push('x'.repeat(100));
    capture.end();
    expect(capture.text).toHaveLength(100);
    expect(capture.truncated).toBe(true);
    expect(capture.lines).toEqual([]);
    expect(capture.bytes).toBe(5_000);
  });

  it('counts the cap in bytes, not characters', () => {
    const capture = new OutputCapture('stdout', 6);
    capture.push('✓✓\n');
    expect(capture.lines).toEqual([]);
    expect(capture.text).toBe('✓✓');
    expect(capture.truncated).toBe(true);
  });

  it('caps a flood of short lines by their count as well (each kept line costs memory of its own)', () => {
    const capture = new OutputCapture('stdout', 160);
    expect(capture.capLines).toBe(10);
    capture.push('a\n'.repeat(11));
    expect(capture.lines).toHaveLength(10);
    expect(capture.overflow).toMatchObject({ limit: { lines: 10 } });
    expect(capture.text).toBe('a\n'.repeat(11));
  });
});
