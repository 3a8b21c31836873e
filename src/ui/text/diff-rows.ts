import { diffArrays, diffChars } from 'diff';

// A piece of a diff line; `changed` marks the characters that differ from the other side.
export interface DiffSegment {
  text: string;
  changed: boolean;
}

// One line of a diff: shared by both sides, only expected, or only in the program's actual output.
// `paired` lines were compared character by character with a similar line on the other side.
export interface DiffRow {
  side: 'both' | 'expected' | 'actual';
  segments: DiffSegment[];
  paired: boolean;
}

/** Below this share of common characters, two lines are different lines, not one line changed. */
const SIMILAR = 0.5;

// Lines of expected against actual text; a changed line pair also marks which characters differ.
export function diffRows(expected: string, actual: string): DiffRow[] {
  const rows: DiffRow[] = [];
  const parts = diffArrays(expected.split('\n'), actual.split('\n'));
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    if (!part.added && !part.removed) {
      for (const line of part.value) rows.push(whole('both', line));
      continue;
    }
    const next = parts[index + 1];
    if (part.removed && next?.added) {
      rows.push(...pairedRows(part.value, next.value));
      index++;
      continue;
    }
    for (const line of part.value) rows.push(whole(part.removed ? 'expected' : 'actual', line));
  }
  return rows;
}

function whole(side: DiffRow['side'], line: string): DiffRow {
  return { side, segments: [{ text: line, changed: side !== 'both' }], paired: false };
}

// Removed lines followed by added ones: the expected block, then the actual one; similar lines at
// the same position have the characters that differ marked.
function pairedRows(removed: string[], added: string[]): DiffRow[] {
  const expectedRows: DiffRow[] = [];
  const actualRows: DiffRow[] = [];
  for (let index = 0; index < Math.max(removed.length, added.length); index++) {
    const want = removed[index];
    const got = added[index];
    if (want === undefined || got === undefined) {
      if (want !== undefined) expectedRows.push(whole('expected', want));
      if (got !== undefined) actualRows.push(whole('actual', got));
      continue;
    }
    const changes = diffChars(want, got);
    const common = changes.filter((change) => !change.added && !change.removed).reduce((sum, change) => sum + change.value.length, 0);
    if (common < SIMILAR * Math.max(want.length, got.length)) {
      expectedRows.push(whole('expected', want));
      actualRows.push(whole('actual', got));
      continue;
    }
    const expectedSegments: DiffSegment[] = [];
    const actualSegments: DiffSegment[] = [];
    for (const change of changes) {
      if (!change.added) expectedSegments.push({ text: change.value, changed: Boolean(change.removed) });
      if (!change.removed) actualSegments.push({ text: change.value, changed: Boolean(change.added) });
    }
    expectedRows.push({ side: 'expected', segments: expectedSegments, paired: true });
    actualRows.push({ side: 'actual', segments: actualSegments, paired: true });
  }
  return [...expectedRows, ...actualRows];
}
