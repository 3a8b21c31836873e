import path from 'node:path';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultsLabel } from '../../src/checks/cluster-run.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-10';
const file = (name: string) => fixture('lessons', `10-messages/${name}`);
const WORKERS = availableParallelism() === 3 ? 2 : 3;
const ANSWERS = `WORKERS=${WORKERS}: the primary prints "<pid> says nope." for each worker's answer`;
const EXITS = 'when all have answered, the workers exit, then the primary exits with code 0';
const ONE_EACH = `exactly one "<pid> says nope." line per worker: ${WORKERS} lines, each with a different worker's pid`;
const UNSET = `${defaultsLabel(false)}: one "<pid> says nope." line per worker, then the primary exits with code 0`;
const ORDER = 'each worker sends "nope." only in answer to "do something!" (the order each worker saw, recorded by a preload the check adds)';

describe.concurrent('lesson 10: messages', () => {
  it('passes the reference solution, all steps', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '10-messages.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([ANSWERS, EXITS, ONE_EACH, UNSET, ORDER]);
  });

  it.each([['esm.mjs'], ['commonjs-sends-at-once.cjs'], ['typescript.ts']])('passes %s', async (name) => {
    expectPass(await verifyFile(lesson, file(name)));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '10-messages', 'starter.js')), ANSWERS, /No worker answered "nope\." before the program exited with code 0/);
  });

  it('fails a worker that listens only after an await, and the message points at that trap', async () => {
    expectFailure(
      await verifyFile(lesson, file('listens-after-an-await.js')),
      ANSWERS,
      /Worker \d+ received "do something!" before it had a 'message' listener: the message was lost, and the worker cannot answer it\.[\s\S]*right after cluster\.fork\(\)[\s\S]*is lost[\s\S]*after an await[\s\S]*process\.send\('ready'\)/,
    );
  });

  it.each([
    ['answers-unasked.js', ORDER, /Worker \d+ sent "nope\." before it had received "do something!": it answers a message it was never sent\./],
    ['answers-unasked-late.js', ORDER, /Worker \d+ sent "nope\." before it had received "do something!": it answers a message it was never sent\./],
    ['no-workers-default.js', UNSET, /With WORKERS unset the primary printed 0 "says nope\." lines; expected one per CPU[\s\S]*Number\(process\.env\.WORKERS\) \|\| os\.availableParallelism\(\)/],
    ['extra-says-line.js', ONE_EACH, new RegExp(`The primary printed ${WORKERS + 1} "says nope\\." lines; expected ${WORKERS}, one per worker\\.`)],
    ['answers-twice.js', ONE_EACH, new RegExp(`The primary printed ${2 * WORKERS} "says nope\\." lines; expected ${WORKERS}, one per worker\\.`)],
    ['prints-primary-pid.js', ONE_EACH, /The line "\d+ says nope\." names the primary's own pid[\s\S]*worker\.process\.pid/],
    ['never-lets-workers-go.js', EXITS, /The program did not exit: the program is still running, but idle[\s\S]*cluster\.disconnect\(\)/],
  ])('fails %s', async (name, step, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });
});
