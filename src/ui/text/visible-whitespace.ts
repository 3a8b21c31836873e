import type { DiffSegment } from './diff-rows.js';

const showAll = (text: string) => text.replace(/ /g, '·').replace(/\t/g, '→').replace(/\r/g, '␍');
const showHidden = (text: string) => text.replace(/\t/g, '→').replace(/\r/g, '␍');

// Makes the whitespace that matters visible in a diff line: every space, tab and carriage return
// inside the characters that differ; tabs and carriage returns everywhere; spaces at either end of
// the line. Spaces between words of a line that is simply different stay spaces, for reading.
export function visibleSegments(segments: readonly DiffSegment[], paired: boolean): DiffSegment[] {
  const shown = segments.map((segment) => ({ ...segment, text: paired && segment.changed ? showAll(segment.text) : showHidden(segment.text) }));
  const first = shown[0];
  const last = shown.at(-1);
  if (first) first.text = first.text.replace(/^ +/, (spaces) => '·'.repeat(spaces.length));
  if (last) last.text = last.text.replace(/ +$/, (spaces) => '·'.repeat(spaces.length));
  return shown;
}

// Whether a line would show any whitespace mark (then the diff explains the marks).
export function hasVisibleWhitespace(segments: readonly DiffSegment[], paired: boolean): boolean {
  return visibleSegments(segments, paired).some((segment, index) => segment.text !== segments[index]!.text);
}
