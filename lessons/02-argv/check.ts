import { type CheckContext, defineCheck, normalizeLine, type Program } from '../../src/checks/index.js';

// The whole stdout a right program prints for these arguments (compared the way the checks compare lines).
function expectedOutput(file: string, args: readonly string[]): string[] {
  return [`script: ${file}`, ...args.map((arg, i) => `${i + 1}: ${arg}`)].map(normalizeLine);
}

// Compares the whole output and the exit code of a run with these arguments.
async function expectArguments(t: CheckContext, program: Program, args: readonly string[], hint: string): Promise<void> {
  await t.expectExit(program, 0, { hint });
  t.expectLines(program, 'stdout', expectedOutput(t.file, args), { hint });
  t.expectLines(program, 'stderr', [], { hint: 'Print every line to stdout (console.log), nothing to stderr.' });
}

// The edge cases of the curriculum, one step each.
const cases: { title: string; args: string[]; hint: string }[] = [
  {
    title: 'with no arguments, prints only the "script: <path>" line',
    args: [],
    hint: 'The first line is "script: " followed by process.argv[1], which is already the absolute path of your file. With no arguments there is nothing more to print.',
  },
  {
    title: 'prints each argument on its own numbered line, from 1',
    args: ['hello', 'world', '42'],
    hint: 'Your arguments are process.argv.slice(2); number the lines from 1, not 0: `${i + 1}: ${arg}`.',
  },
  {
    title: 'keeps an argument with spaces in one piece',
    args: ['two words', '  leading spaces', 'a  b   c'],
    hint: 'The shell already split the command line: an argument may contain spaces. Print it as it is, without splitting or trimming it.',
  },
  {
    title: 'prints arguments with quotes in them verbatim',
    args: [`it's`, '"quoted"', `say "hi" and 'bye'`],
    hint: 'Quotes inside an argument are part of it: print the string as it is, without JSON.stringify or escaping.',
  },
  {
    title: 'prints unicode arguments verbatim',
    args: ['ünïcode ✓', '日本語', '🚀 emoji'],
    hint: 'Print each argument as the string it is; console.log writes unicode as UTF-8.',
  },
  {
    title: 'prints an empty argument as an empty line "<n>: "',
    args: ['before', '', 'after'],
    hint: 'An empty string "" is an argument too: print its line ("2: ") instead of skipping it, and keep counting.',
  },
  {
    title: 'prints arguments that look like options (--flag) verbatim',
    args: ['--flag', '-x', '--name=value', '--'],
    hint: 'Everything after the script name reaches your program as a plain string, dashes included: print it, don\'t parse or skip it. An option parser is not the raw list: util.parseArgs, yargs and minimist take "--flag" out as an option (minimist and yargs with the "" after it as its value) and drop "--"; commander drops "--" too, and stops at an option it does not know. Print process.argv.slice(2) itself.',
  },
  {
    title: 'prints a mix of all of these, in order',
    args: ['hello', 'two words', '--flag', '', 'ünïcode ✓', `"it's"`, '-'],
    hint: 'Print every argument in the order given, each verbatim.',
  },
];

export default defineCheck(async (t: CheckContext) => {
  // Every case starts now (they are independent); the steps judge them in order, and the first failure stops the rest.
  const programs = cases.map(({ args }) => t.start({ args }));
  for (const [index, { title, args, hint }] of cases.entries()) {
    await t.step(title, () => expectArguments(t, programs[index]!, args, hint));
  }
});
