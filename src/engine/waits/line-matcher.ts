import { normalizeLine } from './normalize-line.js';

/** What a wait looks for: an exact line (after normalizing), a pattern, or a test. */
export type LineMatcher = string | RegExp | ((line: string) => boolean);

/** Turns a matcher into a test of a normalized line. */
export function toLineTest(matcher: LineMatcher): (line: string) => boolean {
  if (typeof matcher === 'string') return (line) => normalizeLine(line) === matcher;
  if (matcher instanceof RegExp) return (line) => matcher.test(normalizeLine(line));
  return (line) => matcher(normalizeLine(line));
}

/** Shows a matcher to a learner: the line itself, or the pattern. */
export function describeMatcher(matcher: LineMatcher): string {
  if (typeof matcher === 'string') return JSON.stringify(matcher);
  if (matcher instanceof RegExp) return `a line matching ${matcher}`;
  return 'the expected line';
}
