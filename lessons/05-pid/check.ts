import { type CheckContext, defineCheck, normalizeLines, type Program, quote } from '../../src/checks/index.js';

// Compares one line of stdout with what it must be; `explain` says why a wrong pid is wrong.
function expectLine(t: CheckContext, program: Program, index: number, expected: string, explain: (shown: string) => string | undefined, hint: string): void {
  const actual = normalizeLines(program.lines('stdout'))[index];
  if (actual === expected) return;
  const label = `Line ${index + 1} of stdout`;
  const message =
    actual === undefined
      ? `${label} is missing: expected ${quote(expected)}.`
      : (explain(actual) ?? `${label} is ${quote(actual)}; expected ${quote(expected)}.`);
  t.fail({ message, expected, actual: actual ?? '(no such line)', hint, program });
}

export default defineCheck(async (t: CheckContext) => {
  const program = t.start();
  const own = program.pid;
  const workshop = process.pid;

  await t.step('runs and exits with code 0', async () => {
    await t.expectExit(program, 0, { hint: 'Print the two lines and let the program end by itself.' });
  });

  // Each line, and why a wrong pid in it is wrong.
  const lines = [
    {
      title: 'prints "process <pid>" with its own pid',
      expected: `process ${own}`,
      explain: (shown: string) =>
        shown === `process ${workshop}`
          ? `Line 1 of stdout shows the workshop's pid (${workshop}), which is the parent; your program itself ran as process ${own}.`
          : /^process \d+$/.test(shown)
            ? `Line 1 of stdout is ${quote(shown)}, but your program ran as process ${own}.`
            : undefined,
      hint: 'process.pid is the id of your program itself. Print `process ${process.pid}`.',
    },
    {
      title: "prints \"parent <ppid>\" with the workshop's pid (the workshop started your program)",
      expected: `parent ${workshop}`,
      explain: (shown: string) =>
        shown === `parent ${own}`
          ? `Line 2 of stdout shows your program's own pid (${own}); its parent, the workshop, is process ${workshop}.`
          : /^parent \d+$/.test(shown)
            ? `Line 2 of stdout is ${quote(shown)}, but the program was started by the workshop, process ${workshop}.`
            : undefined,
      hint: 'process.ppid is the id of the parent, the process that started yours. Print `parent ${process.ppid}`.',
    },
  ];
  for (const [index, line] of lines.entries()) {
    await t.step(line.title, async () => expectLine(t, program, index, line.expected, line.explain, line.hint));
  }

  await t.step('prints exactly these two lines, and nothing to stderr', async () => {
    t.expectLines(program, 'stdout', [`process ${own}`, `parent ${workshop}`], { hint: 'Print the two lines and nothing else.' });
    t.expectLines(program, 'stderr', [], { hint: 'Print both lines to stdout (console.log), nothing to stderr.' });
  });
});
