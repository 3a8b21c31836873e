// The check API: everything a lesson's check.ts imports, from this one module.
//
//   import { defineCheck } from '../../src/checks/index.js';
//   export default defineCheck(async (t) => {
//     await t.step('prints "Hello World" and exits with code 0', async () => {
//       const program = t.start();
//       await t.expectExit(program, 0, { hint: '…' });
//       t.expectLines(program, 'stdout', ['Hello World'], { hint: '…' });
//     });
//   });
//
// A step says what the program must do; `t.expect…` and `t.waitFor…` fail it with a message for the
// learner; `t.until…` return how a wait ended (found, exited, timed out) for a check that words it
// itself, and `t.fail(…)` (often with one of the failure functions below) fails the step. A cancelled
// run (Ctrl-C) ends the check inside these waits: a check never handles cancellation.
//
// `t.start({ holdStdout: true })` reads stdout as a slow reader does (see RunOptions): output that a
// process.exit() drops is then lost every time; `program.stdoutHold` says how the hold ended, undefined
// where it could not be held (no /proc), for a check to t.note what it did not check.
//
// A wait also ends before its deadline once the program is asleep with nothing of its own due before it
// (see watchDormant): the outcome is then 'timeout' with `asleep` set, and `timedOut(outcome)` words it
// (" within 3 s" or nothing, "the program is still running" or how it sleeps) for a check's own message.

export { defineCheck, type Check } from './define-check.js';
export { defineClusterCheck } from './define-cluster-check.js';
export type { CheckContext, ExitOutcome, LineOutcome, RunOptions, WaitOptions } from './check-context.js';
export { IN_FLIGHT_GRACE_MS, type ClusterCheckContext, type RequestOutcome, type WorkerAnswerExpectation } from './cluster-check-context.js';
export { acceptedWorkers, DEFAULTS_HINT, defaultsLabel, describePort, describeWorkers, expectedWorkers, workersCount, type ClusterRun } from './cluster-run.js';
export { expectRestart } from './cluster-scenarios.js';
export { defineRedisCheck, type RedisCheckContext, type RedisRun } from './redis-check-context.js';
export type { CheckRedis } from './check-redis.js';
export { CheckPostgres, type HeldRowLock } from './check-postgres.js';
export type { LoggedStatement } from '../engine/postgres/server-log.js';
export { isServerError, TOO_MANY_CONNECTIONS } from '../engine/postgres/postgres-connection.js';
export * from './redis-failures.js';
export type { FailureDetails, ProgramView } from './step-failure.js';
export { crashFailure, crashOf, describeEnd, endedEarlyFailure, exitExpectation, FIX_THE_ERROR, missingLineFailure, stillRunningFailure, timedOut, wrongExitFailure, type LineMissed, type TimedOut } from './program-failures.js';
export * from './cluster-failures.js';
export { firstDifference } from './first-difference.js';
export { quote } from './excerpt.js';
export { seconds, timeouts } from './timeouts.js';
export { normalizeLine, normalizeLines } from '../engine/waits/normalize-line.js';
export { describeExit, type ExitInfo } from '../engine/program/exit-info.js';
export { nodeHeapLimitMb } from '../engine/program/node-heap-limit.js';
export type { LineMatcher } from '../engine/waits/line-matcher.js';
export type { StreamName } from '../engine/program/output-capture.js';
export type { FoundLine, Program } from '../engine/program/program.js';
export type { HoldEnd } from '../engine/waits/hold-until-asleep.js';
export type { HttpAnswer } from '../engine/http/http-get.js';
export type { WorkerAnswer } from '../engine/http/collect-workers.js';
export { writeOfLine, writersOf, type StdoutWrite } from '../engine/program/stdout-writers.js';
export type { MessageTrace, TracedMessage, TracedRequest, TraceEntry } from '../engine/program/message-trace.js';
