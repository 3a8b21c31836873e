import { describe, expect, it } from 'vitest';
import { cutLine, describeAmount, lastLines, quote, streamExcerpt } from '../../src/checks/excerpt.js';
import { OutputCapture } from '../../src/engine/program/output-capture.js';

describe('cutLine and quote', () => {
  it('leave a line of up to 200 characters alone', () => {
    expect(cutLine('x'.repeat(200))).toBe('x'.repeat(200));
    expect(quote('a "b"')).toBe('"a \\"b\\""');
  });

  it('cut a longer line after 200 characters and say how much was left out', () => {
    expect(cutLine('x'.repeat(12_545))).toBe(`${'x'.repeat(200)}… (12,345 more characters)`);
    expect(quote('y'.repeat(1_000_200))).toBe(`"${'y'.repeat(200)}"… (1,000,000 more characters)`);
  });
});

describe('lastLines', () => {
  it('keeps the last lines, says how many came before, and cuts each', () => {
    const lines = Array.from({ length: 1_025 }, (_, index) => (index === 1_024 ? 'z'.repeat(300) : `line ${index}`));
    const shown = lastLines(lines).split('\n');
    expect(shown).toHaveLength(21);
    expect(shown[0]).toBe('… 1,005 earlier lines');
    expect(shown[20]).toBe(`${'z'.repeat(200)}… (100 more characters)`);
  });
});

describe('streamExcerpt', () => {
  it("shows an error's own lines whole and cuts the other long lines", () => {
    const capture = new OutputCapture('stderr');
    const advice = `This file is being treated as an ES module because '${'/long'.repeat(60)}/package.json' contains "type": "module". To treat it as a CommonJS script, rename it to use the '.cjs' file extension.`;
    capture.push(`${'y'.repeat(300)}\nReferenceError: require is not defined in ES module scope\n${advice}\n    at file:///x.js:1:1\n`);
    capture.end();
    const lines = streamExcerpt(capture, () => true, () => new Set([1, 2])).split('\n');
    expect(lines).toEqual([`${'y'.repeat(200)}… (100 more characters)`, 'ReferenceError: require is not defined in ES module scope', advice, '    at file:///x.js:1:1']);
  });

  it('is the last lines when everything was kept', () => {
    const capture = new OutputCapture('stdout');
    capture.push('a\nb\n');
    capture.end();
    expect(streamExcerpt(capture)).toBe('a\nb');
  });

  it('shows an endless line cut, and how much the program printed in all', () => {
    const capture = new OutputCapture('stdout', 1_000);
    for (let i = 0; i < 30; i++) capture.push('x'.repeat(1_000));
    capture.end();
    expect(streamExcerpt(capture)).toBe(`${'x'.repeat(200)}… (800 more characters)\n… 30,000 bytes printed in all (the check kept the first 1 KB)`);
  });

  it('names the line count when a flood of short lines hit that cap', () => {
    const capture = new OutputCapture('stderr', 160);
    capture.push('e\n'.repeat(1_000));
    expect(streamExcerpt(capture).split('\n').slice(-1)[0]).toBe('… 2,000 bytes printed in all (the check kept the first 10 lines)');
  });
});

describe('describeAmount', () => {
  it('says a cap in MB, KB, bytes or lines', () => {
    expect(describeAmount({ bytes: 1_000_000 })).toBe('1 MB');
    expect(describeAmount({ bytes: 4_000_000 })).toBe('4 MB');
    expect(describeAmount({ bytes: 64_000 })).toBe('64 KB');
    expect(describeAmount({ bytes: 512 })).toBe('512 bytes');
    expect(describeAmount({ lines: 62_500 })).toBe('62,500 lines');
  });
});
