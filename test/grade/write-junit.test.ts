import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildJunitXml, writeJunit } from '../../src/grade/write-junit.js';
import { countElements, parseAttributes } from './xml-counts.js';
import { sampleReport, sandboxStatusReport } from './sample-report.js';

describe('buildJunitXml', () => {
  const xml = buildJunitXml(sampleReport);

  it('has one testsuite per student and one testcase per lesson', () => {
    expect(countElements(xml, 'testsuites')).toBe(1);
    expect(countElements(xml, 'testsuite')).toBe(2);
    expect(countElements(xml, 'testcase')).toBe(6);
    expect(parseAttributes(xml, 'testsuite').map((suite) => suite.name)).toEqual(['ada', 'bartholomew']);
  });

  it('makes a failure of failed, skipped of missing and an error of error', () => {
    expect(countElements(xml, 'failure')).toBe(2);
    expect(countElements(xml, 'skipped')).toBe(1);
    expect(countElements(xml, 'error')).toBe(2);
    expect(parseAttributes(xml, 'failure')[0]!.message).toBe('prints the script path: Line 1 of stdout is "x"; expected "script: /a".');
    expect(parseAttributes(xml, 'testsuites')[0]).toMatchObject({ tests: '6', failures: '2', errors: '2', skipped: '1' });
  });

  it("stays valid XML when a student's message holds control characters and markup", () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(parseAttributes(xml, 'failure')[1]!.message).toBe('prints "Hello World": The program crashed: Error: bell \uFFFD escape \uFFFD[31m <&> "quoted"');
  });

  it('makes a failure of tampered and timed out, never a pass', () => {
    const failures = parseAttributes(buildJunitXml(sandboxStatusReport), 'failure');
    expect(failures.map((failure) => [failure.type, failure.message])).toEqual([
      ['tampered', 'tampered: the verifier was stopped by a signal'],
      ['tampered', 'tampered: the verifier was stopped by a signal'],
      ['timed out', 'timed out: the lesson took longer than 120 s'],
    ]);
  });

  it('writes the report to a file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'snw-test-junit-'));
    try {
      writeJunit(sampleReport, path.join(dir, 'grades.xml'));
      expect(readFileSync(path.join(dir, 'grades.xml'), 'utf8')).toBe(xml);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
