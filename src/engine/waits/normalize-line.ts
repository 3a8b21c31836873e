/** A line as the checks compare it: without a trailing carriage return or trailing spaces. */
export function normalizeLine(line: string): string {
  return line.replace(/[\r ]+$/, '');
}

/** The lines of an output as compared: normalized, with blank lines at the end dropped. */
export function normalizeLines(lines: readonly string[]): string[] {
  const result = lines.map(normalizeLine);
  while (result.length > 0 && result[result.length - 1] === '') result.pop();
  return result;
}
