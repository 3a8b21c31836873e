import { describe, expect, it } from 'vitest';
import { printable } from '../../src/terminal/printable.js';

describe('printable', () => {
  it('writes control characters as \\u escapes, and leaves the rest, accents and emoji included', () => {
    expect(printable('\u001b[2J\u001b]0;owned\u0007ana\r\n\u009b31m')).toBe('\\u001b[2J\\u001b]0;owned\\u0007ana\\u000d\\u000a\\u009b31m');
    expect(printable('José ✓ 🎉 "quoted" \\ back')).toBe('José ✓ 🎉 "quoted" \\ back');
  });

  it('escapes the overrides that reorder text on screen', () => {
    expect(printable('a\u202eb\u2066c')).toBe('a\\u202eb\\u2066c');
  });
});
