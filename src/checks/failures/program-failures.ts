import type { Asleep } from '../../engine/waits/dormancy.js';
import { describeExit, type ExitInfo } from '../../engine/program/exit-info.js';
import type { ProgramFault } from '../../engine/limits/program-faults.js';
import { describeAmount } from '../excerpt.js';
import { crashHint, describeCrash, FIX_THE_ERROR } from '../describe-crash.js';
import { describeMemoryExceeded, type MemoryExceeded } from '../../engine/limits/memory-watch.js';
import type { FailureDetails, ProgramView } from '../step-failure.js';
import { seconds } from '../timeouts.js';

// What a failed step says about one program (how it ended, what it printed), as pure functions of what
// was seen: each returns the failure record a step fails with.

export { crashHint, FIX_THE_ERROR };

const DEFAULT_EXIT_HINT =
  'Something keeps the event loop busy: an open server, a timer, a stdin listener. Let it end, or call process.exit() when the work is done.';

/**
 * The learner's own error, when the program crashed with one: "could not start: …", or node's error line
 * and where in the learner's file it was thrown ("TypeError: … (01-hello.js:4)"). Undefined while it runs,
 * after exit code 0, or when stderr shows no error.
 */
export function crashOf(program: ProgramView): string | undefined {
  if (program.spawnError) return `could not start: ${program.spawnError.message}`;
  if (!program.exitInfo || program.exitInfo.code === 0) return undefined;
  return describeCrash(program.stderr.text, program.file);
}

/** How a program that has ended ended, in words: "exited with code 1", "was killed by SIGKILL". */
export function describeEnd(program: ProgramView): string {
  return describeExit(program.exitInfo ?? { code: null, signal: null });
}

/**
 * "The program crashed: <its error>", with the error as what happened (unless `actual` says otherwise) and
 * as the hint what crashHint knows of the error, else `hint`, else FIX_THE_ERROR. Undefined when the
 * program did not crash.
 */
export function crashFailure(program: ProgramView, fields: { expected: string; actual?: string; hint?: string }): FailureDetails | undefined {
  const crash = crashOf(program);
  if (!crash) return undefined;
  const known = crashHint(crash);
  return { message: `The program crashed: ${crash}`, expected: fields.expected, actual: fields.actual ?? crash, hint: known !== FIX_THE_ERROR ? known : (fields.hint ?? FIX_THE_ERROR), program };
}

/** What a step expects of an exit: "exit with code 0", "exit with code 1 (a line went to stderr)". */
export function exitExpectation(code: number, after?: string): string {
  return `exit with code ${code}${after ? ` ${after}` : ''}`;
}

/**
 * A wait that ended without its event while the program still ran: at its deadline (`timeoutMs`), or
 * earlier, as soon as the program was asleep with nothing of its own due before the deadline (`asleep`).
 */
export type TimedOut = { outcome: 'timeout'; timeoutMs: number; asleep?: Asleep };

/** How a sleeping program is, in words: "idle: no timer is due for 59 s or more, and nothing else will wake it". */
export function describeAsleep(asleep: Asleep): string {
  if (asleep.stopped > 0) return `stopped (SIGSTOP${asleep.processes > 1 ? `, ${asleep.stopped} of its ${asleep.processes} processes` : ''}): it does nothing until it is continued`;
  if (asleep.nextTimerMs === undefined) return 'idle, waiting for something that will not come: it has no timer, and an open handle (a server, stdin, an IPC channel) keeps it alive';
  // A lower bound (see threadWait): the wait may have begun before the check looked.
  const due = asleep.nextTimerMs >= 1000 ? Math.floor(asleep.nextTimerMs / 1000) * 1000 : Math.max(0, Math.floor(asleep.nextTimerMs));
  return `idle: no timer is due for ${seconds(due)} or more, and nothing else will wake it`;
}

/**
 * How a wait that timed out ended, as the learner reads it: `within` (" within 3 s", or nothing when the
 * program was asleep before that), `running` ("the program is still running", or how it sleeps) and
 * `actual` ("still running after 3 s", or "still running, idle: …").
 */
export function timedOut(missed: TimedOut): { within: string; running: string; actual: string } {
  if (!missed.asleep) return { within: ` within ${seconds(missed.timeoutMs)}`, running: 'the program is still running', actual: `still running after ${seconds(missed.timeoutMs)}` };
  const how = describeAsleep(missed.asleep);
  return { within: '', running: `the program is still running, but ${how}`, actual: `still running, ${how}` };
}

/** The program was still running when it should have exited (`expected`, as exitExpectation words it). */
export function stillRunningFailure(program: ProgramView, missed: TimedOut, expected: string, hint = DEFAULT_EXIT_HINT): FailureDetails {
  const { running, actual } = timedOut(missed);
  return {
    message: missed.asleep ? `The program did not exit: ${running}. It should ${expected}.` : `The program was still running ${seconds(missed.timeoutMs)} later; it should ${expected}.`,
    expected,
    actual,
    hint,
    program,
  };
}

/**
 * The program exited with another code than `expected`: its crash when it threw, else how it ended. A
 * program killed by a signal did not end by throwing: an error in its stderr then came from another of its
 * processes (a worker still starting when the primary was killed writes to a pipe nobody reads any more).
 */
export function wrongExitFailure(program: ProgramView, exit: ExitInfo, expected: string, hint?: string): FailureDetails {
  const crash = exit.signal ? undefined : crashOf(program);
  if (crash) return { message: `The program crashed: ${crash}`, expected, actual: `${describeExit(exit)} after throwing ${crash}`, hint: crashHint(crash), program };
  return { message: `The program ${describeExit(exit)}; it should ${expected}.`, expected, actual: describeExit(exit), hint, program };
}

/** How a wait for a line ended without it: the program exited first, or the deadline passed (see TimedOut). */
export type LineMissed = { outcome: 'exited'; exit: ExitInfo } | TimedOut;

/** The line `wanted` (as the learner reads it: "\"stopping\" on stdout after SIGTERM") never came. */
export function missingLineFailure(program: ProgramView, wanted: string, missed: LineMissed, hint?: string): FailureDetails {
  const crash = crashOf(program);
  const happened =
    missed.outcome === 'timeout'
      ? missed.asleep
        ? `no such line: ${timedOut(missed).running}`
        : `no such line within ${seconds(missed.timeoutMs)} (the program is still running)`
      : crash
        ? `the program crashed first: ${crash}`
        : `the program ${describeExit(missed.exit)} without printing it`;
  return { message: `Expected ${wanted}, but ${happened}.`, expected: wanted, actual: happened, hint, program };
}

/**
 * The program ended before `before` ("printing \"count = 1\""), though it must keep running `until` something
 * ("it gets SIGINT or SIGTERM"): its crash when it threw, else how it ended, with `hint`.
 */
export function endedEarlyFailure(program: ProgramView, before: string, fields: { until: string; expected: string; hint: string }): FailureDetails {
  const crash = crashOf(program);
  const how = describeEnd(program);
  return {
    message: crash ? `The program crashed before ${before}: ${crash}` : `The program ${how} before ${before}; it must keep running until ${fields.until}.`,
    expected: fields.expected,
    actual: crash ?? how,
    hint: crash ? crashHint(crash) : fields.hint,
    program,
  };
}

/**
 * The program showed it is wrong whatever the step waited for: it printed past the output cap ("printed
 * more than 1 MB on stdout in 0.3 s"), or one of its processes spun without printing anything. The check
 * stops it (cleanup follows the failure at once).
 */
export function faultFailure(program: ProgramView, found: ProgramFault): FailureDetails {
  if (found.fault === 'flood') {
    const amount = `more than ${describeAmount(found.overflow.limit)} on ${found.overflow.stream}`;
    return {
      message: `The program printed ${amount} in ${seconds(found.afterMs)}; the check stopped it.`,
      expected: 'output that ends',
      actual: `${amount} in ${seconds(found.afterMs)}`,
      hint: 'Something prints in a loop that never ends: look for console.log or write() inside a for(;;), a while whose condition never changes, or a timer or event that prints again and again.',
      program,
    };
  }
  if (found.fault === 'memory') return memoryFailure(program, found.memory);
  const { busy } = found;
  const who = busy.pid === program.pid ? 'The program' : `A process the program started (pid ${busy.pid})`;
  // Output earlier on is no excuse for spinning now, but "without printing anything" would not be true.
  const silence = busy.printed === 0 ? 'without printing anything' : 'without printing anything more';
  return {
    message: `${who} kept a core busy for ${seconds(busy.cpuMs)} of CPU time ${silence}; the check stopped it.`,
    expected: 'a program that prints, waits for events or exits',
    actual: `${seconds(busy.cpuMs)} of CPU time, no ${busy.printed === 0 ? '' : 'more '}output`,
    hint: 'Look for a loop that never ends: a while or for whose condition never changes, or a loop waiting for something only an event could bring (no event, timer or signal handler runs while a loop spins).',
    program,
  };
}

/**
 * The program's processes together used more memory than its lesson allows: how much, how fast it grew, and,
 * when its output had stopped arriving meanwhile, the likely cause in a learner's words (writes queued in its
 * own memory by a loop that never lets Node send them).
 */
function memoryFailure(program: ProgramView, memory: MemoryExceeded): FailureDetails {
  const who = memory.processes === 1 || memory.busyCpuMs !== undefined ? 'The program' : `The program's ${memory.processes} processes together`;
  const fields =
    memory.busyCpuMs === undefined
      ? { expected: `at most ${memory.limitMb} MB of memory`, actual: `${Math.round(memory.usedMb)} MB after ${seconds(memory.afterMs)}`, program }
      : { expected: 'output that is sent as it is written', actual: `no output for ${seconds(memory.busyCpuMs)} of CPU time while its memory grew to ${Math.round(memory.usedMb)} MB`, program };
  const stalled = memory.outputStalled;
  if (stalled) {
    return {
      ...fields,
      message: `${who} ${describeMemoryExceeded(memory)}; the check stopped it. It printed ${describeAmount({ bytes: stalled.bytes })}${stalled.lines > 0 ? ` (${stalled.lines} ${stalled.lines === 1 ? 'line' : 'lines'})` : ''}, then its output stopped arriving while its memory kept growing: it writes faster than its output can be sent.`,
      hint: "Node sends what you write between turns of the event loop; a loop that never gives it a turn (for(;;) or while (true) around write() or console.log) keeps every write waiting in the program's memory. Print a bounded amount, or wait when write() returns false: await once(process.stdout, 'drain').",
    };
  }
  return {
    ...fields,
    message: `${who} ${describeMemoryExceeded(memory)}; the check stopped it.`,
    hint: 'Look for something that grows without end: an array, map or string added to in a loop that never stops, or data kept that is no longer needed.',
  };
}
