import type { OutputCapture } from '../engine/program/output-capture.js';

/** How many lines of each stream a report keeps. */
export const EXCERPT_LINES = 20;

/** How much of one line a report shows; a longer line (a flood on one line, say) is cut. */
export const MAX_LINE_CHARS = 200;

/**
 * How much of an error's own text a report shows: node's messages and advice run past MAX_LINE_CHARS with
 * a long path in them, and are shown whole; only a flood thrown as an error is cut.
 */
export const MAX_ERROR_CHARS = 4_000;

/** Digits grouped in thousands ("12,345"). */
// Digits grouped in thousands ("12,345"), as toLocaleString('en-US') writes them, without waking ICU's
// number formatting: that alone adds some 5 MB to the resident memory of the verifier (and of the UI).
export const count = (value: number) => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** One line as a report shows it: cut after `max` characters (MAX_LINE_CHARS), saying how much was left out. */
export function cutLine(line: string, max = MAX_LINE_CHARS): string {
  if (line.length <= max) return line;
  return `${line.slice(0, max)}… (${count(line.length - max)} more characters)`;
}

/**
 * The last lines of an output, for a report ("… 120 earlier lines" when cut), each line cut too; the lines
 * at the indexes in `errorLines` (an error's own text) are cut only past MAX_ERROR_CHARS.
 */
export function lastLines(lines: readonly string[], limit = EXCERPT_LINES, errorLines: ReadonlySet<number> = new Set()): string {
  const first = Math.max(0, lines.length - limit);
  const shown = lines.slice(first).map((line, index) => cutLine(line, errorLines.has(first + index) ? MAX_ERROR_CHARS : MAX_LINE_CHARS));
  return first === 0 ? shown.join('\n') : [`… ${count(first)} earlier lines`, ...shown].join('\n');
}

/**
 * A stream's output for a report: its last kept lines, the line the cap cut (when it did), and how much
 * the program printed in all when not all of it is shown. `errorLines` finds the lines of an error's own
 * text, which are shown whole (see lastLines).
 */
export function streamExcerpt(
  capture: OutputCapture,
  keep: (line: string) => boolean = () => true,
  errorLines: (lines: readonly string[]) => ReadonlySet<number> = () => new Set(),
): string {
  const lines = capture.lines.filter(keep);
  const text = capture.text;
  const cutAtCap = capture.overflow && 'bytes' in capture.overflow.limit ? text.slice(text.lastIndexOf('\n') + 1) : '';
  if (cutAtCap !== '') lines.push(cutAtCap);
  const shown = lastLines(lines, EXCERPT_LINES, errorLines(cutAtCap === '' ? lines : lines.slice(0, -1)));
  if (!capture.truncated) return shown;
  return `${shown}\n… ${count(capture.bytes)} bytes printed in all (the check kept the first ${describeAmount(capture.overflow!.limit)})`;
}

/** "1 MB", "64 KB", "62,500 lines": a cap as a learner reads it. */
export function describeAmount(limit: { bytes: number } | { lines: number }): string {
  if ('lines' in limit) return `${count(limit.lines)} lines`;
  const { bytes } = limit;
  if (bytes >= 1_000_000) return `${+(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${+(bytes / 1_000).toFixed(1)} KB`;
  return `${count(bytes)} bytes`;
}

/** Shows a text value to a learner: quoted, with invisible characters visible, and cut when long. */
export function quote(text: string): string {
  if (text.length <= MAX_LINE_CHARS) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, MAX_LINE_CHARS))}… (${count(text.length - MAX_LINE_CHARS)} more characters)`;
}
