import { describe, expect, it } from 'vitest';
import { normalizeLine, normalizeLines } from '../../../src/engine/waits/normalize-line.js';

describe('normalizeLine', () => {
  it('removes a trailing \\r and trailing spaces, nothing else', () => {
    expect(normalizeLine('a\r')).toBe('a');
    expect(normalizeLine('a  \r')).toBe('a');
    expect(normalizeLine('2: ')).toBe('2:');
    expect(normalizeLine('  leading kept')).toBe('  leading kept');
    expect(normalizeLine('tab\t')).toBe('tab\t');
    expect(normalizeLine('')).toBe('');
  });
});

describe('normalizeLines', () => {
  it('normalizes every line and drops blank lines at the end only', () => {
    expect(normalizeLines(['a ', '', 'b\r', '', ' ', '\r'])).toEqual(['a', '', 'b']);
    expect(normalizeLines(['', ''])).toEqual([]);
    expect(normalizeLines([])).toEqual([]);
  });

  it('does not change the lines it is given', () => {
    const lines = ['a ', ''];
    normalizeLines(lines);
    expect(lines).toEqual(['a ', '']);
  });
});
