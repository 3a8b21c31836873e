import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { linesByWriter, readStdoutWrites, stdoutWritersArgs, writeOfLine, writersOf } from '../../../src/engine/program/stdout-writers.js';

// A primary that prints for its worker, a worker that prints for itself, and a handler installed in between.
const program = `
import cluster from 'node:cluster';
if (cluster.isPrimary) {
  console.log('before handlers');
  process.on('SIGTERM', () => {});
  console.log('after handlers');
  cluster.fork().on('online', function () { console.log('worker ' + this.process.pid + ' online'); });
} else {
  console.log('worker ' + process.pid + ' working!');
  process.stdout.write(Buffer.from('bytes too\\n'));
  cluster.worker.disconnect();
}
`;

describe('stdout writers', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("logs which process wrote each line, workers included (they inherit the flags), and the signals each handled then", async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'snw-writers-test-'));
    const log = path.join(dir, 'log.jsonl');
    const file = path.join(dir, 'program.mjs');
    writeFileSync(file, program);
    const subprocess = execa(process.execPath, [...stdoutWritersArgs(log), file]);
    const primary = subprocess.pid!;
    const run = await subprocess;
    const writes = readStdoutWrites(log);
    const byWriter = linesByWriter(writes);
    expect([...byWriter.keys()]).toHaveLength(2);
    const worker = [...byWriter.keys()].find((pid) => pid !== primary)!;
    expect(byWriter.get(worker)).toContain(`worker ${worker} working!`);
    expect(byWriter.get(worker)).toContain('bytes too');
    expect(writersOf(writes, `worker ${worker} online`)).toEqual([primary]);
    expect(writersOf(writes, `worker ${worker} working!`)).toEqual([worker]);
    expect(writeOfLine(writes, primary, 'before handlers')?.handled).toEqual([]);
    expect(writeOfLine(writes, primary, 'after handlers')?.handled).toEqual(['SIGTERM']);
    // What the learner sees is unchanged.
    expect(run.stdout.split('\n')).toEqual(expect.arrayContaining(['before handlers', 'after handlers', `worker ${worker} working!`, 'bytes too']));
  });

  it('reads nothing from a log that is missing, and skips an entry cut or forged', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'snw-writers-test-'));
    expect(readStdoutWrites(path.join(dir, 'none.jsonl'))).toEqual([]);
    const log = path.join(dir, 'log.jsonl');
    writeFileSync(log, `[1,"a\\n",[]]\n{"not":"an entry"}\n[2,"b\\n",["SIGHUP"]]\n[3,"cut`);
    expect(readStdoutWrites(log)).toEqual([
      { pid: 1, text: 'a\n', handled: [] },
      { pid: 2, text: 'b\n', handled: ['SIGHUP'] },
    ]);
  });

  it('reads only the start of a log the program flooded (it knows its path)', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'snw-writers-test-'));
    const log = path.join(dir, 'log.jsonl');
    const entry = `[7,"${'x'.repeat(990)}\\n",[]]\n`;
    writeFileSync(log, entry.repeat(10_000));
    const writes = readStdoutWrites(log);
    expect(writes.length).toBeGreaterThan(3_000);
    expect(writes.length).toBeLessThan(10_000);
  });
});
