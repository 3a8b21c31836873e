/** How many lines of each stream a report keeps. */
export const EXCERPT_LINES = 20;

/** The last lines of an output, for a report ("… 120 more lines" when cut). */
export function lastLines(lines: readonly string[], count = EXCERPT_LINES): string {
  if (lines.length <= count) return lines.join('\n');
  return [`… ${lines.length - count} earlier lines`, ...lines.slice(-count)].join('\n');
}

/** Shows a text value to a learner: quoted, with invisible characters visible. */
export function quote(text: string): string {
  return JSON.stringify(text);
}
