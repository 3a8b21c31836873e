import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { whyNotWritable } from '../../src/grade/writable-path.js';

describe('whyNotWritable', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'snw-test-writable-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a new file in an existing folder, and an existing file', () => {
    expect(whyNotWritable(path.join(dir, 'report.xml'))).toBeUndefined();
    writeFileSync(path.join(dir, 'old.xml'), '');
    expect(whyNotWritable(path.join(dir, 'old.xml'))).toBeUndefined();
  });

  it('refuses a folder, a file in a missing folder, and a file under a file', () => {
    expect(whyNotWritable(dir)).toBe(`${dir} is a folder`);
    expect(whyNotWritable(path.join(dir, 'nope', 'report.xml'))).toBe(`${path.join(dir, 'nope')}: no such folder`);
    writeFileSync(path.join(dir, 'plain'), '');
    expect(whyNotWritable(path.join(dir, 'plain', 'report.xml'))).toMatch(/is not a folder|cannot be written/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder without write permission', () => {
    mkdirSync(path.join(dir, 'locked'));
    chmodSync(path.join(dir, 'locked'), 0o500);
    expect(whyNotWritable(path.join(dir, 'locked', 'report.xml'))).toMatch(/cannot be written \(EACCES\)/);
  });
});
