import { defineCheck } from '../../src/checks/define-check.js';
import type { CheckContext } from '../../src/checks/check-context.js';
import { normalizeLine } from '../../src/engine/normalize-line.js';

// The whole stdout a right program prints for these arguments (compared the way the checks compare lines).
function expectedOutput(file: string, args: readonly string[]): string[] {
  return [`script: ${file}`, ...args.map((arg, i) => `${i + 1}: ${arg}`)].map(normalizeLine);
}

// Runs the program with the arguments and compares the whole output and the exit code.
async function expectArguments(t: CheckContext, args: readonly string[], hint: string): Promise<void> {
  const program = t.start({ args });
  await t.expectExit(program, 0);
  t.expectLines(program, 'stdout', expectedOutput(t.file, args), { hint });
  t.expectLines(program, 'stderr', [], { hint: 'Print every line to stdout (console.log), nothing to stderr.' });
}

export default defineCheck(async (t) => {
  await t.step('with no arguments, prints only the "script: <path>" line', async () => {
    await expectArguments(
      t,
      [],
      'The first line is "script: " followed by process.argv[1], which is already the absolute path of your file. With no arguments there is nothing more to print.',
    );
  });

  await t.step('prints each argument on its own numbered line, from 1', async () => {
    await expectArguments(t, ['hello', 'world', '42'], 'Your arguments are process.argv.slice(2); number the lines from 1, not 0: `${i + 1}: ${arg}`.');
  });

  await t.step('keeps an argument with spaces in one piece', async () => {
    await expectArguments(
      t,
      ['two words', '  leading spaces', 'a  b   c'],
      'The shell already split the command line: an argument may contain spaces. Print it as it is, without splitting or trimming it.',
    );
  });

  await t.step('prints arguments with quotes in them verbatim', async () => {
    await expectArguments(t, [`it's`, '"quoted"', `say "hi" and 'bye'`], 'Quotes inside an argument are part of it: print the string as it is, without JSON.stringify or escaping.');
  });

  await t.step('prints unicode arguments verbatim', async () => {
    await expectArguments(t, ['ünïcode ✓', '日本語', '🚀 emoji'], 'Print each argument as the string it is; console.log writes unicode as UTF-8.');
  });

  await t.step('prints an empty argument as an empty line "<n>: "', async () => {
    await expectArguments(t, ['before', '', 'after'], 'An empty string "" is an argument too: print its line ("2: ") instead of skipping it, and keep counting.');
  });

  await t.step('prints arguments that look like options (--flag) verbatim', async () => {
    await expectArguments(
      t,
      ['--flag', '-x', '--name=value', '--'],
      'Everything after the script name reaches your program as a plain string, dashes included: print it, don\'t parse or skip it.',
    );
  });

  await t.step('prints a mix of all of these, in order', async () => {
    await expectArguments(t, ['hello', 'two words', '--flag', '', 'ünïcode ✓', `"it's"`, '-'], 'Print every argument in the order given, each verbatim.');
  });
});
