// marked-terminal ships no types; this is the one function the workshop calls (see src/cli/commands/show.ts).
declare module 'marked-terminal' {
  /** A marked extension that renders markdown as text with ANSI colours for a terminal. */
  export function markedTerminal(options?: { reflowText?: boolean; width?: number; tab?: number | string }, highlightOptions?: object): object;
}
