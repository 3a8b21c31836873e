import {
  type CheckContext,
  defineCheck,
  endedEarlyFailure,
  type ExitOutcome,
  type LineOutcome,
  normalizeLine,
  type Program,
  quote,
  type StdoutWrite,
  type TimedOut,
  timedOut,
  timeouts,
  writeOfLine,
} from '../../src/checks/index.js';

const keepAliveHint =
  "Signal handlers alone don't keep Node alive, and stdin is closed here. Keep the program running with a timer (`const timer = setInterval(() => {}, 60_000)`) until SIGINT or SIGTERM arrives.";

const SIGHUPS = 3;

// Lines that try to be the pid line or a count line ("process 42", "Process: 42", "count=0"): a wrong one
// fails at once with a clear message; other log lines ("process started") are let through.
const LOOKS_LIKE_PID_LINE = /^process\W*-?\d+$/i;
const LOOKS_LIKE_COUNT_LINE = /^count\W*-?\d+$/i;

// Fails the step because the program ended before it was told to stop.
function failExitedEarly(t: CheckContext, program: Program, before: string): never {
  t.fail(endedEarlyFailure(program, before, { until: 'it gets SIGINT or SIGTERM', expected: 'keeps running until SIGINT or SIGTERM', hint: keepAliveHint }));
}

// Fails the step because no line came in time while the program kept running.
function failNoLine(t: CheckContext, program: Program, wanted: string, after: string, missed: TimedOut, hint: string): never {
  const { within, running } = timedOut(missed);
  t.fail({
    message: `No ${quote(wanted)} line on stdout${within} ${after} (${running}).`,
    expected: `${quote(wanted)} on stdout ${after}`,
    actual: `no such line${within}`,
    hint,
    program,
  });
}

// The program, started with stdin closed and with the flags that log its writes to stdout (which signals it
// handled when it wrote the pid line), and that log.
function startLogged(t: CheckContext): { program: Program; writes: () => StdoutWrite[] } {
  const writers = t.stdoutWriters();
  return { program: t.start({ stdin: 'closed', nodeArgs: writers.nodeArgs }), writes: writers.read };
}

// Fails when the program wrote its pid line before it listened for a signal it listened for later (as the
// log of its writes shows). A program with no handler at all fails at that signal's step instead.
// Returns false when the pid line was written around process.stdout.write: then nothing is judged.
function expectHandlersFirst(t: CheckContext, program: Program, writes: readonly StdoutWrite[]): boolean {
  const line = `process ${program.pid}`;
  const write = writeOfLine(writes, program.pid, line);
  if (!write) return false;
  const later = writes.slice(writes.indexOf(write) + 1).filter((other) => other.pid === program.pid);
  const missing = ['SIGHUP', 'SIGINT', 'SIGTERM'].filter((signal) => !write.handled.includes(signal) && later.some((other) => other.handled.includes(signal)));
  if (missing.length === 0) return true;
  t.fail({
    message: `The program printed ${quote(line)} before it had a handler for ${missing.join(', ')} (it installed ${missing.length === 1 ? 'it' : 'them'} later): whoever reads the pid may signal it at once, and a signal without a handler still ends the program.`,
    expected: `handlers for SIGHUP, SIGINT and SIGTERM, then ${quote(line)}`,
    actual: `${quote(line)} with no handler for ${missing.join(', ')} yet`,
    hint: "Call process.on('SIGHUP', …), process.on('SIGINT', …) and process.on('SIGTERM', …) first, and print the `process` line after them.",
    program,
  });
}

// Waits for `process <pid>` and checks the pid; returns where the next lines start.
async function expectPidLine(t: CheckContext, { program }: { program: Program }): Promise<number> {
  const wanted = `process ${program.pid}`;
  const found = await t.untilLine(program, 'stdout', LOOKS_LIKE_PID_LINE, { timeoutMs: timeouts.startMs });
  if (found.outcome === 'exited') failExitedEarly(t, program, `printing ${quote(wanted)}`);
  if (found.outcome === 'timeout') failNoLine(t, program, wanted, 'after starting', found, 'Install your signal handlers, then print `process ${process.pid}`.');
  if (normalizeLine(found.line) !== wanted) {
    t.fail({
      message: `The program printed ${quote(normalizeLine(found.line))}, but its pid is ${program.pid}.`,
      expected: wanted,
      actual: normalizeLine(found.line),
      hint: 'Print `process ${process.pid}`: its own pid, exactly in this form.',
      program,
    });
  }
  return found.index + 1;
}

// What to try when SIGHUP number n printed `shown` instead of `count = n`.
function countHint(shown: string, n: number): string {
  const number = Number(/-?\d+$/.exec(shown)?.[0]);
  if (number === n) return 'The number is right; print the line exactly as `count = <n>`: the word count, a space, "=", a space, and the number.';
  if (n === 1) return 'n counts the SIGHUPs received so far: add 1 to the counter before printing, so the first SIGHUP prints `count = 1`.';
  return 'Keep the counter in a variable outside the handler, so that each SIGHUP adds 1 to the same count, and print exactly `count = <n>`.';
}

// Sends SIGHUP number n and expects `count = n`; returns where the next lines start.
async function expectCount(t: CheckContext, program: Program, n: number, from: number): Promise<number> {
  const wanted = `count = ${n}`;
  if (!program.kill('SIGHUP')) failExitedEarly(t, program, `it was sent SIGHUP #${n}`);
  const found = await t.untilLine(program, 'stdout', LOOKS_LIKE_COUNT_LINE, { timeoutMs: timeouts.reactMs, from });
  if (found.outcome === 'exited' && found.exit.signal === 'SIGHUP') {
    // A program that is ending by itself has given its signal handlers up: SIGHUP then kills it too.
    t.fail({
      message:
        n === 1
          ? 'The program was killed by SIGHUP #1: either it has no SIGHUP handler (a signal without a handler ends the process), or it was already ending by itself.'
          : `The program was killed by SIGHUP #${n}, although it answered SIGHUP #${n - 1}: it was ending by itself (or had removed its SIGHUP handler).`,
      expected: `${quote(wanted)} on stdout, and the program still running`,
      actual: 'killed by SIGHUP',
      hint:
        n === 1
          ? `Listen with process.on('SIGHUP', ...) and install it before you print the \`process\` line. ${keepAliveHint}`
          : `A SIGHUP must not stop the program. ${keepAliveHint}`,
      program,
    });
  }
  if (found.outcome === 'exited') failExitedEarly(t, program, `printing ${quote(wanted)} after SIGHUP #${n}`);
  if (found.outcome === 'timeout') {
    failNoLine(t, program, wanted, `after SIGHUP #${n}`, found, "Listen with process.on('SIGHUP', ...), add 1 to a counter kept outside the handler, and print `count = ${count}`.");
  }
  const shown = normalizeLine(found.line);
  if (shown !== wanted) {
    t.fail({
      message: `After SIGHUP #${n} the program printed ${quote(shown)}; expected ${quote(wanted)}.`,
      expected: wanted,
      actual: shown,
      hint: countHint(shown, n),
      program,
    });
  }
  return found.index + 1;
}

// Where the program printed "stopping" since the signal: on stdout (as it must), on stderr only, or not at all.
function stoppingStream(program: Program, from: { stdout: number; stderr: number }): 'stdout' | 'stderr' | undefined {
  const printed = (stream: 'stdout' | 'stderr') => program.lines(stream).slice(from[stream]).some((line) => normalizeLine(line) === 'stopping');
  return printed('stdout') ? 'stdout' : printed('stderr') ? 'stderr' : undefined;
}

// How a program that printed no "stopping" on stdout within exitMs of the signal ended: as the wait saw it,
// or, when it was still working at that deadline (node on a loaded machine), once it exits or stops working.
async function notStopping(t: CheckContext, program: Program, missed: LineOutcome): Promise<ExitOutcome> {
  if (missed.outcome === 'found' || missed.outcome === 'exited' || missed.asleep) return missed as ExitOutcome;
  const more = await t.untilExit(program, { timeoutMs: 1 });
  if (more.outcome === 'exited' || more.asleep) return more;
  return { outcome: 'timeout', timeoutMs: timeouts.exitMs + (more.timeoutMs > 1 ? more.timeoutMs : 0) };
}

// Sends SIGTERM or SIGINT and expects `stopping` on stdout (after line `from`) and exit code 0.
async function expectStops(t: CheckContext, program: Program, signal: 'SIGTERM' | 'SIGINT', from: number): Promise<void> {
  const since = { stdout: from, stderr: program.lines('stderr').length };
  if (!program.kill(signal)) failExitedEarly(t, program, `it was sent ${signal}`);
  // Once "stopping" is out, the program has nothing left to do: it must exit promptly (reactMs), not in exitMs.
  const stopping = await t.untilLine(program, 'stdout', 'stopping', { from, timeoutMs: timeouts.exitMs });
  const ended = stopping.outcome === 'found' ? await t.untilExit(program, { timeoutMs: timeouts.reactMs }) : await notStopping(t, program, stopping);
  const stream = stoppingStream(program, since);
  const onStderr = stream === 'stderr' ? ' on stderr (it belongs on stdout: console.log, not console.error)' : '';
  if (ended.outcome === 'timeout') {
    const { within, running, actual } = timedOut(ended);
    // Seen asleep before the deadline, it says how: "…: the program is still running, but idle: …".
    const when = ended.asleep ? `after ${signal}` : stopping.outcome === 'found' ? `${within.trim()} of printing it` : `${within.trim()} of ${signal}`;
    const how = ended.asleep ? `; ${running}` : '';
    t.fail({
      message: stream
        ? `The program printed "stopping"${onStderr} but did not exit ${when}${how} (the workshop killed it after this report).`
        : `The program did not exit ${when}, and printed no "stopping" line: it seems to ignore ${signal}${how} (the workshop killed it after this report).`,
      expected: `"stopping" on stdout, then exit with code 0`,
      actual: `${stream ? `"stopping"${stream === 'stderr' ? ' on stderr' : ''}, but` : 'no "stopping",'} ${actual}`,
      hint: stream
        ? 'After printing "stopping", let the program end: clear the timer that keeps it alive (clearInterval), so Node has nothing left to do and exits with code 0.'
        : `Handle ${signal} with process.on('${signal}', ...): print "stopping" there and let the program end (clear the timer that keeps it alive).`,
      program,
    });
  }
  const exit = ended.outcome === 'exited' ? ended.exit : (program.exitInfo ?? { code: null, signal: null });
  if (exit.signal === signal && stream) {
    // A handler ran (it printed), and then the same signal ended the process: it was raised again.
    t.fail({
      message: `The program printed "stopping"${onStderr} after ${signal}, and then ${signal} killed it: the signal was raised again after the handler ran, so the program did not exit with code 0. signal-exit's onExit does that (its callback must return true to keep the signal), and so does process.kill(process.pid, '${signal}').`,
      expected: '"stopping" on stdout, then exit with code 0',
      actual: `"stopping"${stream === 'stderr' ? ' on stderr' : ''}, then killed by ${signal}`,
      hint: `Handle ${signal} with your own process.on('${signal}', ...): print "stopping" there and let the program end (clear the timer that keeps it alive). Don't raise the signal again; with signal-exit, return true from the onExit callback.`,
      program,
    });
  }
  if (exit.signal === signal) {
    t.fail({
      message: `The program was killed by ${signal} without printing "stopping": it has no ${signal} handler.`,
      expected: '"stopping" on stdout, then exit with code 0',
      actual: `killed by ${signal}`,
      hint: `Handle ${signal} with process.on('${signal}', ...) and install the handler before you print the \`process\` line.`,
      program,
    });
  }
  await t.expectExit(program, 0, { after: `after ${signal}`, hint: `After ${signal}, print "stopping" and end normally (exit code 0): clear the timer that keeps the program alive, or call process.exit(0).` });
  if (stream === 'stderr') {
    t.fail({
      message: `The program exited with code 0 after ${signal}, but printed "stopping" on stderr; it belongs on stdout.`,
      expected: '"stopping" on stdout, then exit with code 0',
      actual: '"stopping" on stderr, then exit with code 0',
      hint: 'Print "stopping" with console.log (stdout), not console.error (stderr).',
      program,
    });
  }
  if (!stream) {
    t.fail({
      message: `The program exited with code 0 after ${signal}, but without printing "stopping".`,
      expected: '"stopping" on stdout, then exit with code 0',
      actual: 'exit with code 0, no "stopping" line',
      hint: `Print "stopping" in the ${signal} handler, before the program ends.`,
      program,
    });
  }
}

export default defineCheck(async (t: CheckContext) => {
  const first = startLogged(t);
  const program = first.program;
  let from = 0;

  await t.step('starts with stdin closed and prints "process <pid>" with its own pid', async () => {
    from = await expectPidLine(t, first);
  });

  for (let n = 1; n <= SIGHUPS; n++) {
    await t.step(`SIGHUP #${n}: prints "count = ${n}" and keeps running`, async () => {
      from = await expectCount(t, program, n, from);
    });
  }

  await t.step('SIGTERM: prints "stopping" and exits with code 0', async () => {
    await expectStops(t, program, 'SIGTERM', from);
  });

  // Judged on the whole first run: the writes after the pid line show the handlers it installed later.
  let judged = true;
  await t.step('installed its signal handlers before it printed "process <pid>"', async () => {
    judged = expectHandlersFirst(t, program, first.writes());
  });
  if (!judged) t.note('not checked: that the handlers came before the "process <pid>" line (it was not written through process.stdout.write, which the check watches)');

  let second: Program | undefined;
  let secondFrom = 0;
  await t.step('a second run: starts and prints "process <pid>" again', async () => {
    const started = startLogged(t);
    second = started.program;
    secondFrom = await expectPidLine(t, started);
  });

  await t.step('SIGINT (what Ctrl-C sends): prints "stopping" and exits with code 0', async () => {
    await expectStops(t, second!, 'SIGINT', secondFrom);
  });
});
