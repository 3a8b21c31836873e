import { describe, expect, it } from 'vitest';
import { OutputCapture } from '../../src/engine/output-capture.js';

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

  it('keeps at most capBytes of text, marks it truncated, and still reports later lines', () => {
    const capture = new OutputCapture('stdout', 10);
    const seen: string[] = [];
    capture.onLine((line) => seen.push(line));
    capture.push('12345\n12345\n12345\n');
    expect(capture.text).toBe('12345\n1234');
    expect(capture.truncated).toBe(true);
    expect(capture.lines).toEqual(['12345']);
    expect(seen).toEqual(['12345', '12345', '12345']);
    capture.push('more\n');
    expect(capture.text).toHaveLength(10);
  });

  it('cuts one endless line instead of storing it whole', () => {
    const capture = new OutputCapture('stdout', 100);
    for (let i = 0; i < 50; i++) capture.push('x'.repeat(100));
    capture.end();
    expect(capture.text).toHaveLength(100);
    expect(capture.truncated).toBe(true);
  });
});
