import { createContext, useContext } from 'react';

// Whether the terminal shows colours (off under NO_COLOR): components that rely on colour alone
// to mark something (inline code, say) add a plain-text mark instead.
export const ColorContext = createContext(true);

export function useColors(): boolean {
  return useContext(ColorContext);
}
