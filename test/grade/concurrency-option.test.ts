import { describe, expect, it } from 'vitest';
import { parseConcurrency } from '../../src/grade/concurrency-option.js';

describe('parseConcurrency', () => {
  it('accepts whole numbers from 1', () => {
    expect(parseConcurrency('1')).toBe(1);
    expect(parseConcurrency('16')).toBe(16);
  });

  it('refuses zero, negatives, fractions, words and the empty string', () => {
    for (const value of ['0', '-2', '1.5', 'two', '', '1e3', '99999999999999999999']) expect(parseConcurrency(value), value).toBeUndefined();
  });
});
