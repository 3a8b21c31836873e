import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultsLabel } from '../../src/checks/cluster-run.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-11';
const file = (name: string) => fixture('lessons', `11-shared-state/${name}`);
// Port 8000 is free on the machines the tests run on; every verification takes its turn with it.
const DEFAULTS = `${defaultsLabel(true)}: every worker answers GET /, and GET /count gives their total`;
const SEQUENTIAL = '6 more GET /, one after the other: GET /count follows each one';
const FIRST_COUNT = 'GET /count answers the number of GET / answered so far, by both workers together';

describe.concurrent('lesson 11: shared state', () => {
  it('passes the reference solution: sequential and concurrent requests', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '11-shared-state.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([
      'starts with WORKERS=2 and listens on PORT',
      'both workers answer GET / with "hello world\\n" and their pid in x-worker-pid',
      FIRST_COUNT,
      SEQUENTIAL,
      '20 GET / at once: GET /count then says exactly 20 more',
      DEFAULTS,
    ]);
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '11-shared-state', 'starter.js')), 'starts with WORKERS=2 and listens on PORT', /exited with code 0 before listening/);
  });

  it.each([
    ['per-worker-counter.js', FIRST_COUNT, /GET \/count \(answered by worker \d+\) said (\d+); expected (?!\1)\d+, every GET \/ answered so far by all workers together\.[\s\S]*its own memory/],
    // Caught at the first count, however slow the machine: a count that lags (the late message not in yet), or,
    // when it is in by then, the trace showing the answer before the message.
    ['counts-after-response.js', FIRST_COUNT, /(GET \/count \(answered by worker \d+\) said \d+; expected \d+|Worker \d+ answered a GET \/ before it sent the primary any message for it)[\s\S]*answered before they were counted/],
    ['counts-right-after-response.js', FIRST_COUNT, /(GET \/count \(answered by worker \d+\) said \d+; expected \d+|Worker \d+ answered a GET \/ before it sent the primary any message for it: the request is counted, if at all, only after its answer)[\s\S]*answered before they were counted/],
    ['counts-every-request.js', FIRST_COUNT, /said (\d+); expected \d+[\s\S]*Count GET \/ only/],
    ['no-port-default.js', DEFAULTS, /Your workers listen on \d+; PORT was unset, so they should use the default, 8000\./],
    ['count-without-number.js', FIRST_COUNT, /GET \/count answered with status 200 and the body "count: \d+\\n"; expected status 200 and a plain number\./],
  ])('fails %s', async (name, step, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });
});
