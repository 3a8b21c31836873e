// Word wrapping for styled text. ink wraps text itself, but keeps the space it breaks at as the first
// character of the next line; paragraphs are therefore wrapped here, word by word.

// How a piece of inline text looks.
export interface RunStyle {
  bold?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
  underline?: boolean;
  dim?: boolean;
  color?: string;
}

// A piece of text in one style; "\n" in a run is a forced line break.
export interface Run {
  text: string;
  style: RunStyle;
  /** Never broken inside: its spaces are part of the word it belongs to. */
  keep?: boolean;
}

/** Columns a string takes (one per code point: lesson texts are Latin with a few symbols). */
export const columnsOf = (text: string) => [...text].length;

type Piece = { kind: 'word'; parts: Run[] } | { kind: 'space'; run: Run } | { kind: 'newline' };

// Words (which may change style midway, as in "(`docker stop`)"), spaces and forced breaks.
function piecesOf(runs: readonly Run[]): Piece[] {
  const pieces: Piece[] = [];
  let word: Run[] | undefined;
  for (const run of runs) {
    if (run.keep) {
      if (!word) {
        word = [];
        pieces.push({ kind: 'word', parts: word });
      }
      word.push({ text: run.text, style: run.style });
      continue;
    }
    for (const text of run.text.split(/(\n| +)/)) {
      if (text === '') continue;
      if (text === '\n' || text.startsWith(' ')) {
        word = undefined;
        pieces.push(text === '\n' ? { kind: 'newline' } : { kind: 'space', run: { text, style: run.style } });
        continue;
      }
      if (!word) {
        word = [];
        pieces.push({ kind: 'word', parts: word });
      }
      word.push({ text, style: run.style });
    }
  }
  return pieces;
}

// Lines of runs no wider than `width`: breaks between words, drops the spaces it breaks at, and
// splits a word longer than a whole line.
export function wrapRuns(runs: readonly Run[], width: number): Run[][] {
  const limit = Math.max(1, width);
  const lines: Run[][] = [];
  let line: Run[] = [];
  let used = 0;
  let pendingSpace: Run | undefined;
  const push = (run: Run) => {
    const last = line.at(-1);
    if (last && last.style === run.style) last.text += run.text;
    else line.push({ ...run });
    used += columnsOf(run.text);
  };
  const breakLine = () => {
    lines.push(line);
    line = [];
    used = 0;
    pendingSpace = undefined;
  };
  for (const piece of piecesOf(runs)) {
    if (piece.kind === 'newline') {
      breakLine();
      continue;
    }
    if (piece.kind === 'space') {
      // Spaces are kept only if a word follows on the same line.
      if (used > 0) pendingSpace = piece.run;
      continue;
    }
    const wordWidth = piece.parts.reduce((sum, part) => sum + columnsOf(part.text), 0);
    const spaceWidth = pendingSpace ? columnsOf(pendingSpace.text) : 0;
    if (used > 0 && used + spaceWidth + wordWidth > limit) breakLine();
    else if (pendingSpace) push(pendingSpace);
    pendingSpace = undefined;
    for (const part of piece.parts) {
      // Only a word longer than a whole line gets here without room: it is cut where lines end.
      let chars = [...part.text];
      while (chars.length > 0) {
        if (used >= limit) breakLine();
        const take = chars.slice(0, limit - used);
        push({ text: take.join(''), style: part.style });
        chars = chars.slice(take.length);
      }
    }
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}
