import { describe, expect, it } from 'vitest';
import { keysOf, lessonCommand, LESSON_KEYS } from '../../../src/ui/state/lesson-keys.js';

describe('lesson screen keys', () => {
  it('turn a key press into the command it stands for', () => {
    expect(lessonCommand('v', { escape: false })).toBe('verify');
    expect(lessonCommand('l', { escape: false })).toBe('back');
    expect(lessonCommand('', { escape: true })).toBe('back');
    expect(lessonCommand('z', { escape: false })).toBeUndefined();
  });

  it('give every command its own keys, which the key bar shows', () => {
    const all = Object.values(LESSON_KEYS).flat();
    expect(new Set(all).size).toBe(all.length);
    expect(keysOf('back')).toBe('esc l');
    expect(keysOf('watch')).toBe('w');
  });
});
