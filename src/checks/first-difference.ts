import { count, cutLine, EXCERPT_LINES, quote } from './excerpt.js';

/** Where two outputs first differ, said for a learner; undefined when they are the same. */
export function firstDifference(
  expected: readonly string[],
  actual: readonly string[],
  stream: string,
): { message: string; expected: string; actual: string } | undefined {
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length; index++) {
    const want = expected[index];
    const got = actual[index];
    if (want === got) continue;
    const lineNo = index + 1;
    const window = (lines: readonly string[]) => lines.slice(Math.max(0, index - 2), index + 3).map((line) => cutLine(line)).join('\n');
    if (actual.length === 0) {
      // The expectation shows every line the message announces (a long one: its first lines, and how many more).
      const shown = expected.slice(0, EXCERPT_LINES).map((line) => cutLine(line));
      if (expected.length > EXCERPT_LINES) shown.push(`… ${count(expected.length - EXCERPT_LINES)} more lines`);
      return { message: `Nothing was printed to ${stream}; expected ${expected.length === 1 ? quote(want!) : `${count(expected.length)} lines`}.`, expected: shown.join('\n'), actual: '(no output)' };
    }
    if (want === undefined) {
      return { message: `Line ${lineNo} of ${stream} should not be there: ${quote(got!)}.`, expected: window(expected) || '(no output)', actual: window(actual) };
    }
    if (got === undefined) {
      return { message: `Line ${lineNo} of ${stream} is missing: expected ${quote(want)}.`, expected: window(expected), actual: window(actual) };
    }
    return { message: `Line ${lineNo} of ${stream} is ${quote(got)}; expected ${quote(want)}.`, expected: window(expected), actual: window(actual) };
  }
  return undefined;
}
