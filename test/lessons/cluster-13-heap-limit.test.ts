import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-13';
const file = (name: string) => fixture('lessons', `13-heap-limit/${name}`);
const HEAP_256 = 'HEAP_MB=256: 2 workers each print "worker <pid> heap limit <n> MB" with n from 256 to 384, then the primary exits with code 0';

describe.concurrent('lesson 13: heap limit', () => {
  it('passes the reference solution, for two HEAP_MB values', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '13-heap-limit.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([
      HEAP_256,
      'HEAP_MB=400: 2 workers each print "worker <pid> heap limit <n> MB" with n from 400 to 528, then the primary exits with code 0',
    ]);
  });

  it('passes a TypeScript solution: the workers keep the loader', async () => {
    expectPass(await verifyFile(lesson, file('typescript.ts')));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '13-heap-limit', 'starter.js')), HEAP_256, /Worker \d+ has a heap limit of \d+ MB; with HEAP_MB=256 it should be from 256 to 384 MB\./);
  });

  it.each([
    ['ignores-heap-mb.js', /Worker \d+ has a heap limit of 560 MB; with HEAP_MB=256 it should be from 256 to 384 MB\.[\s\S]*process\.env\.HEAP_MB/],
    ['drops-exec-argv.js', /Worker \d+ was started without the primary's own Node flags \(--enable-source-maps\): setting execArgv replaces the flags the workers would inherit\.[\s\S]*\.\.\.process\.execArgv/],
    ['typescript-drops-exec-argv.ts', /A worker crashed: TypeError \[ERR_UNKNOWN_FILE_EXTENSION\][\s\S]*without the loader[\s\S]*\.\.\.process\.execArgv/],
    ['uses-node-options.js', /Worker \d+ was started without --max-old-space-size=256 on its command line\.[\s\S]*not NODE_OPTIONS/],
    ['reports-the-primary-limit.js', /Worker \d+ has a heap limit of \d+ MB; with HEAP_MB=256/],
  ])('fails %s', async (name, message) => {
    expectFailure(await verifyFile(lesson, file(name)), HEAP_256, message);
  });
});
