import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { diffRows } from '../../../src/ui/text/diff-rows.js';
import { DiffView } from '../../../src/ui/components/diff-view.js';
import { visibleSegments } from '../../../src/ui/text/visible-whitespace.js';

const show = (expected?: string, actual?: string) => render(<DiffView expected={expected} actual={actual} />).lastFrame() ?? '';

describe('diff rows', () => {
  it('keeps shared lines and pairs a changed line with the characters that differ', () => {
    const rows = diffRows('a\nHello World\nc', 'a\nHello world\nc');
    expect(rows.map((row) => row.side)).toEqual(['both', 'expected', 'actual', 'both']);
    expect(rows[1]).toMatchObject({ paired: true, segments: [{ text: 'Hello ', changed: false }, { text: 'W', changed: true }, { text: 'orld', changed: false }] });
    expect(rows[2]!.segments.filter((segment) => segment.changed).map((segment) => segment.text)).toEqual(['w']);
  });

  it('does not pair lines that have little in common', () => {
    const rows = diffRows('Hello World', '(no output)');
    expect(rows).toEqual([
      { side: 'expected', segments: [{ text: 'Hello World', changed: true }], paired: false },
      { side: 'actual', segments: [{ text: '(no output)', changed: true }], paired: false },
    ]);
  });

  it('shows missing and extra lines on their side', () => {
    expect(diffRows('a\nb', 'a').map((row) => row.side)).toEqual(['both', 'expected']);
    expect(diffRows('a', 'a\nb').map((row) => row.side)).toEqual(['both', 'actual']);
  });
});

describe('visible whitespace', () => {
  it('marks spaces inside the changed characters, tabs and carriage returns everywhere, spaces at the ends', () => {
    const text = (segments: { text: string; changed: boolean }[], paired: boolean) => visibleSegments(segments, paired).map((segment) => segment.text).join('');
    expect(text([{ text: 'a', changed: false }, { text: '  ', changed: true }, { text: 'b', changed: false }], true)).toBe('a··b');
    expect(text([{ text: 'two words\there\r', changed: true }], false)).toBe('two words→here␍');
    expect(text([{ text: ' padded ', changed: true }], false)).toBe('·padded·');
  });
});

describe('diff view', () => {
  it('shows - expected and + actual with a legend only when whitespace was marked', () => {
    const plain = show('exit with code 0', 'exited with code 1');
    expect(plain).toContain('- expected   + actual');
    expect(plain).toContain('- exit with code 0');
    expect(plain).toContain('+ exited with code 1');
    expect(plain).not.toContain('· space');
    const spaces = show('count = 1', 'count =  1');
    expect(spaces).toContain('+ count = ·1');
    expect(spaces).toContain('(· space  → tab  ␍ carriage return)');
  });

  it('names empty lines', () => {
    expect(show('a\n\nb', 'a\nb')).toContain('- (empty line)');
  });

  it('shows nothing when there is nothing to compare', () => {
    expect(show()).toBe('');
  });
});
