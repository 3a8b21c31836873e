// The check API: everything a lesson's check.ts imports, from this one module, and nothing else.
//
//   import { defineCheck, type CheckContext } from '../../src/checks/index.js';
//   export default defineCheck(async (t: CheckContext) => {
//     await t.step('prints "Hello World" and exits with code 0', async () => {
//       const program = t.start();
//       await t.expectExit(program, 0, { hint: '…' });
//       t.expectLines(program, 'stdout', ['Hello World'], { hint: '…' });
//     });
//   });
//
// A check runs in a context: the base one (programs, lines, exits), ServerCheckContext (a program that
// serves HTTP: a port per run, requests, answers judged, requests kept in flight), ClusterCheckContext
// (its workers too) or RedisCheckContext (and a Redis): `defineCheck(ServerCheckContext, async (t:
// ServerCheckContext) => …)`. Write t's type out, so that TypeScript narrows after `t.fail(…)`.
//
// A step says what the program must do; `t.expect…` and `t.waitFor…` fail it with a message for the
// learner, worded by the API from what the step expects; `t.until…` and `t.request` return how a wait
// ended (found, exited, timed out; answered or failed) for a check that words it itself, and
// `t.fail(…)` fails the step. A cancelled run (Ctrl-C) ends the check inside these waits: a check never
// handles cancellation. What the learner is told lives in ./failures/, behind this entry.
//
// `t.start({ holdStdout: true })` reads stdout as a slow reader does (see RunOptions): output that a
// process.exit() drops is then lost every time; `program.stdoutHold` says how the hold ended, undefined
// where it could not be held (no /proc), for a check to t.note what it did not check.
//
// A wait also ends before its deadline once the program is asleep with nothing of its own due before it
// (see watchDormant): the outcome is then 'timeout' with `asleep` set, and `timedOut(outcome)` words it
// (" within 3 s" or nothing, "the program is still running" or how it sleeps) for a check's own message.

export { defineCheck, type Check } from './define-check.js';
export type { CheckContext, ExitOutcome, LineOutcome } from './check-context.js';
export { IN_FLIGHT_GRACE_MS, ServerCheckContext, type InFlight, type RequestOutcome, type ServerAnswer } from './server-check-context.js';
export type { ServerRun } from './server-run.js';
export { ClusterCheckContext } from './cluster-check-context.js';
export { acceptedWorkers, DEFAULTS_HINT, defaultsLabel, describeWorkers, expectedWorkers, workersCount, type ClusterRun } from './cluster-run.js';
export { expectRestart } from './cluster-scenarios.js';
export { RedisCheckContext, type RedisRun } from './redis-check-context.js';
export type { CheckRedis } from './check-redis.js';
export { CheckPostgres } from './check-postgres.js';
export { missingPackage, missingPackageFailure } from './failures/redis-failures.js';
export type { FailureDetails, ProgramView } from './step-failure.js';
export { endedEarlyFailure, stillRunningFailure, timedOut, wrongExitFailure, type TimedOut } from './failures/program-failures.js';
export { firstDifference } from './first-difference.js';
export { quote } from './excerpt.js';
export { seconds, timeouts } from './timeouts.js';
export { normalizeLine, normalizeLines } from '../engine/waits/normalize-line.js';
export { nodeHeapLimitMb } from '../engine/program/node-heap-limit.js';
export type { Program } from '../engine/program/program.js';
export { writeOfLine, writersOf, type StdoutWrite } from '../engine/program/stdout-writers.js';
export type { MessageTrace, TracedMessage, TracedRequest, TraceEntry } from '../engine/program/message-trace.js';
