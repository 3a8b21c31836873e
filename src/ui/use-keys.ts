import { useInput, type Key } from 'ink';

const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

// One typed character as ink describes a key press.
function keyOf(char: string): [string, Key] {
  if (char === '\r' || char === '\n') return ['', { ...noKey, return: true }];
  if (char === '\t') return ['', { ...noKey, tab: true }];
  if (char === '\x7f') return ['', { ...noKey, delete: true }];
  if (char === '\b') return ['', { ...noKey, backspace: true }];
  const code = char.codePointAt(0)!;
  if (code >= 1 && code <= 26) return [String.fromCodePoint(code + 96), { ...noKey, ctrl: true }];
  return [char, noKey];
}

// Like ink's useInput, but keys typed faster than the terminal is read ("jjj", "j\r") arrive one by
// one: ink hands such a burst over as a single string, which would match no command key.
export function useKeys(handler: (input: string, key: Key) => void, options: { isActive?: boolean } = {}): void {
  useInput((input, key) => {
    if (input.length > 1 && !input.includes('\x1b') && !key.ctrl && !key.meta) {
      for (const char of input) handler(...keyOf(char));
    } else handler(input, key);
  }, options);
}
