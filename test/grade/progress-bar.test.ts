import { describe, expect, it } from 'vitest';
import { GradeProgress } from '../../src/grade/progress-bar.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, columns: 80, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('GradeProgress', () => {
  it('on a terminal, redraws one bar in place and clears it at the end', () => {
    const { stream, written } = fakeStream(true);
    const progress = new GradeProgress(stream);
    progress.start(2, 13, 4, 2);
    progress.graded(1, 'ada lesson-1');
    progress.graded(2, 'ada lesson-2', 'ada: 2/13 passed');
    progress.finish();
    expect(written[0]).toBe('Grading 2 students × 13 lessons: 4 verifications, 2 at a time\n');
    const bar = written.map((text) => /^\rgrading \[(#*)(-*)\] 1\/4 ada lesson-1\u001b\[K$/.exec(text)).find(Boolean);
    expect(bar, written.join('|')).toBeTruthy();
    expect(bar![1]!.length * 4).toBe(bar![1]!.length + bar![2]!.length);
    expect(written).toContain('ada: 2/13 passed\n');
    expect(written.at(-1)).toBe('\r\u001b[K');
  });

  it('elsewhere (a pipe, a CI log), writes plain lines: the start and one per finished student', () => {
    const { stream, written } = fakeStream(false);
    const progress = new GradeProgress(stream);
    progress.start(1, 13, 2, 2);
    progress.graded(1, 'ada lesson-1');
    progress.graded(2, 'ada lesson-2', 'ada: 1/13 passed');
    progress.finish();
    expect(written).toEqual(['Grading 1 student × 13 lessons: 2 verifications, 2 at a time\n', 'ada: 1/13 passed\n']);
  });
});
