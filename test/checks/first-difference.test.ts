import { describe, expect, it } from 'vitest';
import { firstDifference } from '../../src/checks/first-difference.js';

describe('firstDifference', () => {
  it('finds nothing when the outputs are the same', () => {
    expect(firstDifference(['a', 'b'], ['a', 'b'], 'stdout')).toBeUndefined();
    expect(firstDifference([], [], 'stderr')).toBeUndefined();
  });

  it('names a line that differs, with both texts', () => {
    expect(firstDifference(['1', '2', '3'], ['1', 'two', '3'], 'stdout')).toEqual({
      message: 'Line 2 of stdout is "two"; expected "2".',
      expected: '1\n2\n3',
      actual: '1\ntwo\n3',
    });
  });

  it('names a missing line', () => {
    expect(firstDifference(['a', 'b'], ['a'], 'stdout')?.message).toBe('Line 2 of stdout is missing: expected "b".');
  });

  it('names an extra line', () => {
    const difference = firstDifference([], ['oops'], 'stderr');
    expect(difference?.message).toBe('Line 1 of stderr should not be there: "oops".');
    expect(difference?.expected).toBe('(no output)');
  });

  it('says when nothing was printed at all', () => {
    expect(firstDifference(['Hello World'], [], 'stdout')).toEqual({ message: 'Nothing was printed to stdout; expected "Hello World".', expected: 'Hello World', actual: '(no output)' });
    expect(firstDifference(['a', 'b', 'c'], [], 'stdout')?.message).toBe('Nothing was printed to stdout; expected 3 lines.');
  });

  it('shows every line it announces when nothing was printed', () => {
    expect(firstDifference(['2', '4', '20', '42'], [], 'stdout')).toEqual({ message: 'Nothing was printed to stdout; expected 4 lines.', expected: '2\n4\n20\n42', actual: '(no output)' });
    const many = Array.from({ length: 100_000 }, (_, i) => String(i));
    const difference = firstDifference(many, [], 'stdout')!;
    expect(difference.message).toBe('Nothing was printed to stdout; expected 100,000 lines.');
    expect(difference.expected.split('\n')).toEqual([...many.slice(0, 20), '… 99,980 more lines']);
  });

  it('shows invisible differences quoted', () => {
    expect(firstDifference(['a b'], ['a\tb'], 'stdout')?.message).toBe('Line 1 of stdout is "a\\tb"; expected "a b".');
  });

  it('shows a window of two lines around the difference in a long output', () => {
    const expected = Array.from({ length: 100 }, (_, i) => String(i));
    const actual = [...expected];
    actual[50] = 'x';
    expect(firstDifference(expected, actual, 'stdout')).toEqual({
      message: 'Line 51 of stdout is "x"; expected "50".',
      expected: '48\n49\n50\n51\n52',
      actual: '48\n49\nx\n51\n52',
    });
  });

  it('cuts a long line in the message and in both windows', () => {
    const long = 'x'.repeat(1_200);
    const difference = firstDifference(['Hello World'], [long], 'stdout');
    expect(difference?.message).toBe(`Line 1 of stdout is "${'x'.repeat(200)}"… (1,000 more characters); expected "Hello World".`);
    expect(difference?.actual).toBe(`${'x'.repeat(200)}… (1,000 more characters)`);
  });
});
