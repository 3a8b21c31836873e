import path from 'node:path';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultsLabel } from '../../src/checks/cluster-run.js';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-8';
const file = (name: string) => fixture('lessons', `08-shared-port/${name}`);
// The check picks a WORKERS other than the CPU count.
const WORKERS = availableParallelism() === 3 ? 2 : 3;
const STARTS = `starts with WORKERS=${WORKERS} and listens on PORT`;
const ANSWERS = 'every worker answers GET / (a new connection each time) with status 200, "hello world\\n" and its pid in x-worker-pid';
const ANYTHING = 'another path (GET /anything) gets the same answer from every worker';
// Port 8000 is free on the machines the tests run on; every verification takes its turn with it.
const DEFAULTS = `${defaultsLabel(true)}: every worker answers GET /`;

describe.concurrent('lesson 8: shared port', () => {
  it('passes the reference solution, all steps', async () => {
    const result = await verifyFile(lesson, path.join(repoRoot, 'solutions', '08-shared-port.js'));
    expectPass(result);
    expect(result.steps.map((step) => step.title)).toEqual([
      STARTS,
      ANSWERS,
      `the ${WORKERS} workers that answered are the primary's children, and it has no others`,
      ANYTHING,
      'keeps serving until it is stopped',
      DEFAULTS,
    ]);
  });

  it.each([['esm.mjs'], ['commonjs-is-master.cjs'], ['typescript.ts']])('passes %s', async (name) => {
    expectPass(await verifyFile(lesson, file(name)));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '08-shared-port', 'starter.js')), STARTS, /The program exited with code 0 before listening on port \d+/);
  });

  it.each([
    ['single-worker-serves.js', ANSWERS, new RegExp(`Only 1 of ${WORKERS} workers answered \\d+ requests \\(each on a new connection\\), and no new one for 3 s\\. The primary has ${WORKERS} workers running\\.[\\s\\S]*every worker call server\\.listen`)],
    ['never-listens.js', STARTS, /Nothing listened on port \d+ \(PORT\); the program is still running, but idle[\s\S]*server\.listen\(process\.env\.PORT\)/],
    ['ignores-workers-env.js', ANSWERS, new RegExp(`Only ${availableParallelism()} of ${WORKERS} workers answered[\\s\\S]*The primary runs too few workers`)],
    ['wrong-body.js', ANSWERS, /GET \/ answered with the body "hello world"; expected exactly "hello world\\n"\.[\s\S]*The body ends with a newline/],
    ['wrong-status.js', ANSWERS, /GET \/ answered with status 201; expected 200\./],
    ['no-worker-pid-header.js', ANSWERS, /GET \/ answered without an x-worker-pid header\.[\s\S]*res\.setHeader\('x-worker-pid', process\.pid\)/],
    ['parent-pid-header.js', ANSWERS, new RegExp(`GET / answered with x-worker-pid \\d+, the primary's pid, though the primary runs ${WORKERS} workers \\(pids [\\d, ]+\\) that serve: the header names the worker's parent, not the worker\\.[\\s\\S]*process\\.ppid is its parent`)],
    ['root-path-only.js', ANYTHING, /GET \/anything answered with status 404; expected 200\.[\s\S]*whatever its path/],
    ['listens-on-ipv6-loopback.js', STARTS, /Your workers listen on port \d+ \(PORT\) at ::1 only: a connection to 127\.0\.0\.1 is refused there\.[\s\S]*Leave out the host/],
    ['no-workers-default.js', DEFAULTS, /The program exited with code 0 before listening on port 8000[\s\S]*Number\(process\.env\.WORKERS\) \|\| os\.availableParallelism\(\)/],
    ['no-port-default.js', DEFAULTS, /Your workers listen on \d+; PORT was unset, so they should use the default, 8000\.[\s\S]*Number\(process\.env\.PORT\) \|\| 8000/],
    ['primary-serves.js', ANSWERS, /GET \/ was answered by the primary \(x-worker-pid \d+ is its own pid\): the workers must serve, not the primary\./],
  ])('fails %s', async (name, step, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });
});
