import { describe, expect, it } from 'vitest';
import { wrapRuns, type Run } from '../../../src/ui/text/wrap-runs.js';

const plain = {};
const bold = { bold: true };
const text = (lines: Run[][]) => lines.map((line) => line.map((run) => run.text).join(''));

describe('wrapRuns', () => {
  it('breaks between words and never starts a line with the space it broke at', () => {
    expect(text(wrapRuns([{ text: 'one two three four', style: plain }], 9))).toEqual(['one two', 'three', 'four']);
  });

  it('keeps a word whole across a change of style', () => {
    const lines = wrapRuns([{ text: 'Docker (', style: plain }, { text: 'docker stop', style: bold }, { text: ') ends', style: plain }], 10);
    expect(text(lines)).toEqual(['Docker', '(docker', 'stop) ends']);
    expect(lines[1]).toEqual([{ text: '(', style: plain }, { text: 'docker', style: bold }]);
  });

  it('cuts a word longer than a line', () => {
    expect(text(wrapRuns([{ text: 'abcdefghijkl xy', style: plain }], 5))).toEqual(['abcde', 'fghij', 'kl xy']);
  });

  it('breaks where the text says so, and keeps spaces inside a line', () => {
    expect(text(wrapRuns([{ text: 'a\nb  c', style: plain }], 10))).toEqual(['a', 'b  c']);
  });

  it('gives one empty line for no text', () => {
    expect(wrapRuns([], 10)).toEqual([[]]);
  });
});

describe('wrapRuns, runs kept whole', () => {
  it('breaks between kept runs, never inside one', () => {
    const runs = [
      { text: 'x', style: bold, keep: true },
      { text: ' reset file', style: plain, keep: true },
      { text: '  ', style: plain },
      { text: 'q', style: bold, keep: true },
      { text: ' quit', style: plain, keep: true },
    ];
    expect(text(wrapRuns(runs, 14))).toEqual(['x reset file', 'q quit']);
    expect(text(wrapRuns(runs, 20))).toEqual(['x reset file  q quit']);
  });
});
