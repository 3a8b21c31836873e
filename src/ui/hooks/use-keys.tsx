import { createContext, useContext, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useInput, type Key } from 'ink';

type KeyHandler = (input: string, key: Key) => void;

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

interface Listener {
  handler: { current: KeyHandler };
  active: { current: boolean };
  /** Wants a burst of typed text as one string (a text field), not key by key. */
  whole: boolean;
}

// Hands every key to the screens' handlers. One ink input subscription for the whole app, and
// handlers registered while the screen is committed, not after it is drawn: a key pressed the
// moment a new screen (or question) appears reaches it, never the screen before.
class KeyRouter {
  #listeners: Listener[] = [];

  add(listener: Listener): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((candidate) => candidate !== listener);
    };
  }

  dispatch(input: string, key: Key): void {
    // Keys typed faster than the terminal is read ("jjj", "j\r") arrive as one string from ink.
    const burst = input.length > 1 && !input.includes('\x1b') && !key.ctrl && !key.meta;
    for (const listener of [...this.#listeners]) {
      if (!listener.active.current) continue;
      if (burst && !listener.whole) for (const char of input) listener.handler.current(...keyOf(char));
      else listener.handler.current(input, key);
    }
  }
}

const KeyRouterContext = createContext<KeyRouter | undefined>(undefined);

// Gives the app's components their keys (wraps the whole UI once).
export function KeyboardProvider({ children }: { children: ReactNode }) {
  const [router] = useState(() => new KeyRouter());
  useInput((input, key) => router.dispatch(input, key));
  return <KeyRouterContext.Provider value={router}>{children}</KeyRouterContext.Provider>;
}

// Like ink's useInput: the handler of the latest render gets every key while `isActive`; with
// `whole`, a burst of typed or pasted text comes as one string.
export function useKeys(handler: KeyHandler, options: { isActive?: boolean; whole?: boolean } = {}): void {
  const router = useContext(KeyRouterContext);
  if (!router) throw new Error('useKeys needs a KeyboardProvider above it');
  const latest = useRef(handler);
  latest.current = handler;
  const active = useRef(options.isActive ?? true);
  active.current = options.isActive ?? true;
  const whole = options.whole ?? false;
  useLayoutEffect(() => router.add({ handler: latest, active, whole }), [router, whole]);
}
