import { describe, expect, it } from 'vitest';
import { RESULT_LINE_CAP_BYTES, ResultsChannel } from '../../src/grade/results-channel.js';

const jobs = [
  { lesson: 'lesson-1', title: 'Hello', file: '/run/lesson-1/01-hello.js', cwd: '/run/lesson-1' },
  { lesson: 'lesson-2', title: 'Argv', file: '/run/lesson-2/02-argv.js', cwd: '/run/lesson-2' },
];
const line = (index: number, lesson = jobs[index]?.lesson ?? 'lesson-9', file = jobs[index]?.file ?? '/x.js') =>
  JSON.stringify({ index, result: { lesson, title: 't', file, passed: true, durationMs: 1, steps: [] } });

describe('the results channel of a sandboxed verifier', () => {
  it('takes one result per job, in order', () => {
    const channel = new ResultsChannel(jobs);
    expect(channel.accept(line(0))?.index).toBe(0);
    expect(channel.complete).toBe(false);
    expect(channel.accept(line(1))?.index).toBe(1);
    expect(channel.complete).toBe(true);
    expect(channel.tampered).toBeUndefined();
  });

  it.each([
    ['a second result for a job', [line(0), line(0)], 'a second result for job 0'],
    ['a line that is not a result', ['{"index":0}'], 'a line that is not a result'],
    ['text', ['passed'], 'a line that is not a result'],
    ['a result for a job that does not exist', [line(7)], 'a result for job 7, which does not exist'],
    ['a result for a later job first', [line(1)], 'a result for job 1 before job 0 was done'],
    ['a result about another lesson', [line(0, 'lesson-2')], 'about another lesson or file'],
    ['a result about another file', [line(0, 'lesson-1', '/elsewhere.js')], 'about another lesson or file'],
    ['a line too long to be a result', [`${line(0).slice(0, -1)},"pad":"${'x'.repeat(RESULT_LINE_CAP_BYTES)}"}`], 'a line of more than'],
  ])('calls %s tampering, and takes nothing after it', (_name, lines, said) => {
    const channel = new ResultsChannel(jobs);
    const accepted = lines.map((text) => channel.accept(text));
    expect(accepted.at(-1)).toBeUndefined();
    expect(channel.tampered).toContain(said);
    expect(channel.accept(line(channel.accepted))).toBeUndefined();
  });

  it('calls a line cut off for its length tampering', () => {
    const channel = new ResultsChannel(jobs);
    channel.oversized();
    expect(channel.tampered).toContain(`more than ${RESULT_LINE_CAP_BYTES / 1000} kB`);
    expect(channel.accept(line(0))).toBeUndefined();
  });
});
