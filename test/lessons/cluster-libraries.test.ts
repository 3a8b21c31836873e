import { describe, it } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

// The libraries learners reach for in lessons 8 to 14 (express, fastify and koa too), each in a whole program (devDependencies): the lesson
// texts say which defaults break the contract, and these programs pass or fail as the texts say.
const file = (name: string) => fixture('libraries', name);
const SIGTERM = /^SIGTERM while GET \/slow\?ms=3000 is in flight/;
const cutAfterGrace = /The request in flight when SIGTERM arrived \(GET \/slow\?ms=3000\) got no answer[\s\S]*1 s after the signal by default/;

describe.concurrent('libraries in lessons 8, 9 and 12', () => {
  it.each([['express-every-path.js'], ['fastify-every-path.js'], ['koa-every-path.js']])('lesson 8 passes %s', { timeout: 60_000 }, async (name) => {
    expectPass(await verifyFile('lesson-8', file(name)));
  });

  it("lesson 8 fails express-root-only.js: app.get('/') alone leaves every other path a 404", { timeout: 60_000 }, async () => {
    expectFailure(await verifyFile('lesson-8', file('express-root-only.js')), /^another path \(GET \/anything\)/, /GET \/anything answered with status 404; expected 200\.[\s\S]*whatever its path/);
  });


  it.each([['throng-prints-died.js']])('lesson 9 passes %s', async (name) => {
    expectPass(await verifyFile('lesson-9', file(name)));
  });

  it.each([
    // "after SIGKILL #1" once the primary is seen asleep; on a machine too busy to see that, "within 3 s after".
    ['throng-silent.js', /No "\d+ died" line on stdout (within 3 s )?after SIGKILL #1[\s\S]*throng/],
    ['node-docs-died.js', /After SIGKILL #1 the primary printed "worker (\d+) died"; expected "\1 died"\.[\s\S]*Node's own docs/],
  ])('lesson 9 fails %s', async (name, message) => {
    expectFailure(await verifyFile('lesson-9', file(name)), /^SIGKILL worker #1/, message);
  });

  it.each([['http-terminator-long-grace.js'], ['stoppable-default.js'], ['terminus-long-timeout.js'], ['close-with-grace.js']])('lesson 12 passes %s', { timeout: 60_000 }, async (name) => {
    expectPass(await verifyFile('lesson-12', file(name)));
  });

  it('lesson 12 fails throng-shutdown.js: its workers go on listening after the signal', { timeout: 60_000 }, async () => {
    expectFailure(await verifyFile('lesson-12', file('throng-shutdown.js')), SIGTERM, /Port \d+ still accepted new connections 3 s after SIGTERM, while a request was still in flight: the workers go on listening\./);
  });

  it.each([['http-terminator-default.js'], ['terminus-default.js'], ['stoppable-one-second.js']])('lesson 12 fails %s: a 1 s grace cuts the request in flight', { timeout: 60_000 }, async (name) => {
    expectFailure(await verifyFile('lesson-12', file(name)), SIGTERM, cutAfterGrace);
  });
});
