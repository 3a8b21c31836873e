import { type CheckContext, defineCheck, firstDifference, normalizeLines, type Program, quote, seconds, timedOut, timeouts } from '../../src/checks/index.js';

const NUMBER = /^-?\d+(\.\d+)?$/;

// A test of "is this line a number", and the value it doubles.
interface NumberTest {
  accepts: (line: string) => boolean;
  value: (line: string) => number;
}

// The lesson's rule.
const byTheRule: NumberTest = { accepts: (line) => NUMBER.test(line), value: Number };

// The tests learners reach for instead, which take more lines for numbers than the rule does.
const looseTests: { name: string; test: NumberTest }[] = [
  { name: 'isNaN(Number(line))', test: { accepts: (line) => !Number.isNaN(Number(line)), value: Number } },
  { name: 'parseFloat(line)', test: { accepts: (line) => !Number.isNaN(parseFloat(line)), value: parseFloat } },
];

// What a program that tells numbers with `numbers` writes for some input, with JavaScript's own number formatting.
function expectedFor(input: string, numbers: NumberTest = byTheRule): { stdout: string[]; stderr: string[]; code: number } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const lines = input.split('\n');
  // A final "\n" ends the last line; it does not start an empty one (an empty one would be skipped anyway).
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (numbers.accepts(line)) stdout.push(String(2 * numbers.value(line)));
    else stderr.push(`you're doing it wrong: ${line}`);
  }
  return { stdout, stderr, code: stderr.length > 0 ? 1 : 0 };
}

// Fails when stdout is exactly what a looser number test gives for this input: names the first line it
// took for a number that the rule does not.
function expectTheRule(t: CheckContext, program: Program, input: string): void {
  const actual = normalizeLines(program.lines('stdout'));
  if (!firstDifference(expectedFor(input).stdout, actual, 'stdout')) return;
  for (const { name, test } of looseTests) {
    if (firstDifference(expectedFor(input, test).stdout, actual, 'stdout')) continue;
    const lines = input.split('\n').map((line) => line.trim());
    const taken = lines.filter((line) => line !== '' && test.accepts(line) && !NUMBER.test(line));
    const first = taken[0]!;
    const answer = String(2 * test.value(first));
    t.fail({
      message: `The program printed ${quote(answer)} on stdout for the line ${quote(first)}, which is not a number by the lesson's rule /^-?\\d+(\\.\\d+)?$/ (nor ${taken.slice(1).map((line) => quote(line)).join(', ') || 'anything like it'}): it should have complained about it on stderr.`,
      expected: `you're doing it wrong: ${first} (on stderr)`,
      actual: `${answer} (on stdout)`,
      hint: `${name} takes more for a number than the rule does: "1.", ".5", "+4" and "1e3" pass it${name.startsWith('parseFloat') ? ', and so does "12abc"' : ''}. Test the trimmed line with /^-?\\d+(\\.\\d+)?$/ first, and convert it with Number() only when it matches.`,
      program,
    });
  }
}

interface Hints {
  stdout: string;
  stderr: string;
  exit?: string;
}

const exitHint =
  'Exit with code 1 when at least one line went to stderr, else 0. Set process.exitCode = 1 when you complain, and let the program end by itself (no process.exit(): it can drop output that is still being written).';

// Waits until the program has ended by itself once its input is over.
async function endsAfterInput(t: CheckContext, program: Program, timeoutMs: number): Promise<void> {
  const ended = await t.untilExit(program, { timeoutMs });
  if (ended.outcome === 'timeout') {
    const { running, actual } = timedOut(ended);
    t.fail({
      message: ended.asleep
        ? `The program did not exit after its input ended: ${running}. It should read stdin to its end, answer every line, and then exit.`
        : `The program was still running ${seconds(timeoutMs)} after its input ended; it should read stdin to its end, answer every line, and then exit.`,
      expected: 'the program exits once stdin has ended',
      actual,
      hint: 'Loop over the lines with `for await (const line of lines)`: the loop ends when stdin ends. Don\'t start timers or servers, and don\'t wait for more input after that.',
      program,
    });
  }
}

// A scenario's program, started with its input, and what a right program gives for that input.
interface Started {
  program: Program;
  input: string;
  expected: ReturnType<typeof expectedFor>;
  timeoutMs: number;
}

// How a scenario runs beyond its input: a longer deadline, a larger capture, stdout read as a slow reader does.
interface ScenarioOptions {
  timeoutMs?: number;
  captureBytes?: number;
  holdStdout?: boolean;
}

// Starts the program on an input (all scenarios start at once: they are independent, and the cores are shared).
function startWith(t: CheckContext, input: string, options: ScenarioOptions = {}): Started {
  const { timeoutMs, ...run } = options;
  return { program: t.start({ stdin: input, ...run }), input, expected: expectedFor(input), timeoutMs: timeoutMs ?? timeouts.exitMs };
}

// Compares stdout, stderr and the exit code with what a right program gives.
async function expectAnswers(t: CheckContext, { program, expected, timeoutMs, input }: Started, hints: Hints): Promise<void> {
  await endsAfterInput(t, program, timeoutMs);
  // Exit code 1 is also what a crash gives: say so rather than compare a stack trace with complaints.
  t.expectNoCrash(program, { expected: 'no error' });
  await t.expectExit(program, expected.code, {
    after: expected.code === 1 ? '(a line went to stderr)' : '(no line went to stderr)',
    hint: hints.exit ?? exitHint,
  });
  expectTheRule(t, program, input);
  t.expectLines(program, 'stdout', expected.stdout, { hint: hints.stdout });
  t.expectLines(program, 'stderr', expected.stderr, { hint: hints.stderr });
}

// 100,000 lines: mostly numbers (whole, decimal, negative), some blank, and now and then one that is not a number.
function bigInput(): string {
  const lines: string[] = [];
  for (let i = 1; i <= 100_000; i++) {
    if (i % 10_000 === 0) lines.push(`not a number ${i}`);
    else if (i % 1_000 === 0) lines.push('');
    else if (i % 7 === 0) lines.push(`-${i}`);
    else if (i % 5 === 0) lines.push(`${i}.5`);
    else lines.push(String(i));
  }
  return `${lines.join('\n')}\n`;
}

const numbersOnStdout = 'Print twice the value with console.log (stdout): String(2 * Number(line)).';
const complaintsOnStderr = "Write `you're doing it wrong: <the trimmed line>` with console.error (stderr), nothing to stdout for that line.";

// The scenarios, in the order the steps judge them; each is what a right program gives for its input.
const scenarios: { title: string; input: string; options?: ScenarioOptions; hints: Hints }[] = [
  {
    title: 'doubles whole numbers, on stdout, and exits with code 0',
    input: '1\n2\n10\n21\n',
    hints: {
      stdout: numbersOnStdout,
      stderr: 'All of these lines are numbers: nothing should go to stderr.',
      exit: 'Every line here is a number, so nothing goes to stderr and the exit code is 0.',
    },
  },
  {
    title: 'doubles decimals and negative numbers with JavaScript\'s number formatting',
    input: '2.5\n-3\n0.1\n-0.25\n007\n1.10\n0\n-0\n0.15\n',
    hints: {
      stdout: 'Convert with Number(line) and print String(2 * Number(line)): 2.5 gives 5, -3 gives -6, 0.1 gives 0.2, 007 gives 14. Don\'t round, pad or use parseInt.',
      stderr: 'Decimals and negative numbers match /^-?\\d+(\\.\\d+)?$/: they are numbers, not complaints.',
      exit: 'Every line here is a number (decimals and negative numbers included), so nothing goes to stderr and the exit code is 0. If you complained about some, compare your number test with /^-?\\d+(\\.\\d+)?$/.',
    },
  },
  {
    title: 'writes other lines to stderr, keeps stdout for numbers, and exits with code 1',
    input: '4\nabc\n  hello world  \n5\n1.\n.5\n+4\n1e3\n12abc\n',
    hints: {
      stdout: `Only numbers go to stdout. ${numbersOnStdout}`,
      stderr: `${complaintsOnStderr} Note that "1.", ".5", "+4" and "1e3" are not numbers by the rule /^-?\\d+(\\.\\d+)?$/.`,
    },
  },
  {
    title: 'exits with code 1 when a complaint came before the last line, even if the last line is a number',
    input: 'abc\n4\n',
    hints: {
      stdout: numbersOnStdout,
      stderr: complaintsOnStderr,
      exit: 'The exit code is 1 if any line went to stderr, wherever it came: a number after a complaint must not set it back to 0. Set process.exitCode = 1 when you complain, and never set it to 0.',
    },
  },
  {
    title: 'skips empty lines (also lines of only spaces) without any output',
    input: '\n1\n\n   \n\t\n2\n\n\n',
    hints: {
      stdout: 'An empty line (after trim()) gives no output at all: skip it with `continue`.',
      stderr: 'An empty line (after trim()) is not a complaint: skip it.',
      exit: 'Empty lines are skipped, not complained about, so this input should end with code 0.',
    },
  },
  {
    title: 'prints nothing for empty input and exits with code 0',
    input: '',
    hints: {
      stdout: 'With no input there is nothing to print.',
      stderr: 'With no input there is nothing to complain about.',
      exit: 'No line went to stderr, so the exit code is 0.',
    },
  },
  {
    title: 'handles 100,000 lines: every answer comes out, in order',
    input: bigInput(),
    // stdout is read as a slow reader does (only once the program has exited or waits on the full pipe), so
    // output a process.exit() drops is lost every time, not only when the check happens to read slowly.
    options: { timeoutMs: timeouts.startMs + timeouts.exitMs, captureBytes: 4_000_000, holdStdout: true },
    hints: {
      stdout: 'Every one of the 100,000 lines needs its answer, also when the reader of stdout is slow (this check reads it slowly). Don\'t call process.exit(): it drops output still queued for the pipe; set process.exitCode instead and let the program end (or call process.exit() only once process.stdout has emitted \'drain\').',
      stderr: complaintsOnStderr,
      exit: `${exitHint} With 100,000 lines, also make sure the program reads to the end of stdin in reasonable time.`,
    },
  },
  {
    title: 'handles Windows line endings (\\r\\n)',
    input: '1\r\n2.5\r\n\r\n-4\r\n',
    hints: {
      stdout: 'Each line here ends in "\\r\\n". readline removes the whole line break, but a split on "\\n" leaves the "\\r" at the end of each line: trim() removes it before you test the line.',
      stderr: 'These lines are numbers once their "\\r" is gone: nothing should go to stderr.',
      exit: 'Each line here ends in "\\r\\n". readline removes the whole "\\r\\n", but splitting on "\\n" yourself leaves the "\\r" on each line. Trim each line (trim() also removes the "\\r") before you test it: these are all numbers, so the exit code is 0.',
    },
  },
  {
    title: 'handles a last line without a newline after it',
    input: '1\n2\n21',
    hints: {
      stdout: 'The input ends with "21" and no newline: that is still a line. readline gives it to you; if you split chunks yourself, handle what is left when stdin ends.',
      stderr: 'Nothing here should go to stderr.',
    },
  },
];

export default defineCheck(async (t: CheckContext) => {
  // Every scenario starts now, the longest first; the steps then judge them in order (a failure stops the rest).
  // Ample room for a slow machine; a right program is done long before. The answers are about 0.7 MB.
  const byLength = [...scenarios].sort((a, b) => b.input.length - a.input.length);
  const started = new Map(byLength.map((scenario) => [scenario, startWith(t, scenario.input, scenario.options)]));
  for (const scenario of scenarios) {
    const run = started.get(scenario)!;
    await t.step(scenario.title, () => expectAnswers(t, run, scenario.hints));
    if (scenario.options?.holdStdout && (await run.program.stdoutHold) === undefined) {
      t.note('not checked here: that every answer also comes out behind a slow reader of stdout (telling when the program waits on its output needs /proc)');
    }
  }
});
