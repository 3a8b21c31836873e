import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptedWorkers } from '../../src/checks/cluster-run.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { nodeHeapLimitMb } from '../../src/engine/program/node-heap-limit.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-13';
const file = (name: string) => fixture('lessons', `13-heap-limit/${name}`);
// What this node gives each flag value: the check must expect exactly these numbers.
const [limit256, limit400, limit512] = await Promise.all([256, 400, 512].map(nodeHeapLimitMb));
const step = (heapMb: number, limit: number) => `HEAP_MB=${heapMb}: 2 workers each print "worker <pid> heap limit <n> MB" with n = ${limit}, then the primary exits with code 0`;
const HEAP_256 = step(256, limit256!);
const HEAP_UNSET = `WORKERS and HEAP_MB unset (one worker per CPU, ${acceptedWorkers(undefined).join(' or ')} here; the default 512): one worker per CPU each print "worker <pid> heap limit <n> MB" with n = ${limit512}, then the primary exits with code 0`;
const wrongLimit = (limit: number | string) => `Worker \\d+ has a heap limit of ${limit} MB; with HEAP_MB=256 it should be ${limit256} MB \\(256 MB of old generation plus the young generation V8 adds`;
// Node 22.18+ strips TypeScript types itself, so a .ts worker that lost the tsx loader still starts there.
const stripsTypes = Boolean((process.features as { typescript?: string | false }).typescript);

describe.concurrent('lesson 13: heap limit', () => {
  it('passes the reference solution, for two HEAP_MB values', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '13-heap-limit.js'));
    expectPass(result);
    expect(result.steps.map((candidate) => candidate.title)).toEqual([HEAP_256, step(400, limit400!), HEAP_UNSET]);
  });

  it('passes a TypeScript solution: the workers keep the loader', async () => {
    expectPass(await verifyFile(lesson, file('typescript.ts')));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '13-heap-limit', 'starter.js')), HEAP_256, new RegExp(wrongLimit('\\d+')));
  });

  it.each([
    ['ignores-heap-mb.js', new RegExp(`${wrongLimit(limit512!)}[\\s\\S]*process\\.env\\.HEAP_MB`)],
    ['drops-exec-argv.js', /Worker \d+ was started without the primary's own Node flags \(--enable-source-maps\): setting execArgv replaces the flags the workers would inherit\.[\s\S]*\.\.\.process\.execArgv/],
    [
      'typescript-drops-exec-argv.ts',
      stripsTypes
        ? /Worker \d+ was started without the primary's own Node flags \(--enable-source-maps --import tsx\): setting execArgv replaces[\s\S]*\.\.\.process\.execArgv/
        : /A worker crashed because it was started without --import tsx, the loader the primary runs your TypeScript with: TypeError \[ERR_UNKNOWN_FILE_EXTENSION\][\s\S]*without the loader[\s\S]*\.\.\.process\.execArgv/,
    ],
    [
      'typescript-enum-drops-exec-argv.ts',
      /A worker crashed because it was started without --import tsx, the loader the primary runs your TypeScript with: (TypeError \[ERR_UNKNOWN_FILE_EXTENSION\]|SyntaxError \[ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX\])[\s\S]*\.\.\.process\.execArgv/,
    ],
    ['divides-by-a-million.js', /Worker \d+ has a heap limit of \d+ MB; with HEAP_MB=256[\s\S]*Divide by 1048576, not 1e6/],
    ['uses-node-options.js', /Worker \d+ was started without --max-old-space-size=256 on its command line\.[\s\S]*not NODE_OPTIONS/],
    ['reports-the-primary-limit.js', new RegExp(wrongLimit('\\d+'))],
  ])('fails %s', async (name, message) => {
    expectFailure(await verifyFile(lesson, file(name)), HEAP_256, message);
  });

  it('fails no-heap-default.js once HEAP_MB is unset', async () => {
    expectFailure(await verifyFile(lesson, file('no-heap-default.js')), HEAP_UNSET, /The workers could not start: node refused --max-old-space-size=undefined, the value made from HEAP_MB while it was unset\.[\s\S]*Number\(process\.env\.HEAP_MB\) \|\| 512/);
  });
});
