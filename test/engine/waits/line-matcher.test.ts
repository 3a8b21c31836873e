import { describe, expect, it } from 'vitest';
import { describeMatcher, toLineTest } from '../../../src/engine/waits/line-matcher.js';

describe('toLineTest', () => {
  it('matches an exact line after normalizing it', () => {
    const test = toLineTest('stopping');
    expect(test('stopping')).toBe(true);
    expect(test('stopping \r')).toBe(true);
    expect(test('stopping now')).toBe(false);
    expect(test(' stopping')).toBe(false);
  });

  it('matches a pattern against the normalized line', () => {
    const test = toLineTest(/^count = \d+$/);
    expect(test('count = 12\r')).toBe(true);
    expect(test('count = x')).toBe(false);
  });

  it('passes the normalized line to a test function', () => {
    const seen: string[] = [];
    const test = toLineTest((line) => {
      seen.push(line);
      return line.length === 3;
    });
    expect(test('abc  ')).toBe(true);
    expect(seen).toEqual(['abc']);
  });
});

describe('describeMatcher', () => {
  it('shows a line quoted, a pattern as such, and a function generically', () => {
    expect(describeMatcher('count = 1')).toBe('"count = 1"');
    expect(describeMatcher(/^process \d+$/)).toBe('a line matching /^process \\d+$/');
    expect(describeMatcher(() => true)).toBe('the expected line');
  });
});
