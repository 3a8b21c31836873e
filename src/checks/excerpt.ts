import type { OutputCapture } from '../engine/output-capture.js';

/** How many lines of each stream a report keeps. */
export const EXCERPT_LINES = 20;

/** How much of one line a report shows; a longer line (a flood on one line, say) is cut. */
export const MAX_LINE_CHARS = 200;

// Digits grouped in thousands ("12,345"), as toLocaleString('en-US') writes them, without waking ICU's
// number formatting: that alone adds some 5 MB to the resident memory of the verifier (and of the UI).
const count = (value: number) => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** One line as a report shows it: cut after MAX_LINE_CHARS, saying how much was left out. */
export function cutLine(line: string): string {
  if (line.length <= MAX_LINE_CHARS) return line;
  return `${line.slice(0, MAX_LINE_CHARS)}… (${count(line.length - MAX_LINE_CHARS)} more characters)`;
}

/** The last lines of an output, for a report ("… 120 earlier lines" when cut), each line cut too. */
export function lastLines(lines: readonly string[], limit = EXCERPT_LINES): string {
  if (lines.length <= limit) return lines.map(cutLine).join('\n');
  return [`… ${count(lines.length - limit)} earlier lines`, ...lines.slice(-limit).map(cutLine)].join('\n');
}

/**
 * A stream's output for a report: its last kept lines, the line the cap cut (when it did), and how much
 * the program printed in all when not all of it is shown.
 */
export function streamExcerpt(capture: OutputCapture, keep: (line: string) => boolean = () => true): string {
  const lines = capture.lines.filter(keep);
  const text = capture.text;
  const cutAtCap = capture.overflow && 'bytes' in capture.overflow.limit ? text.slice(text.lastIndexOf('\n') + 1) : '';
  if (cutAtCap !== '') lines.push(cutAtCap);
  const shown = lastLines(lines);
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
