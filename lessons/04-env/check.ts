import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { type CheckContext, defineCheck, normalizeLines, type Program, quote } from '../../src/checks/index.js';

type Env = { PORT?: string; NODE_ENV?: string };

// Starts the program with PORT and NODE_ENV as given (a missing one is unset).
function startWith(t: CheckContext, env: Env): { program: Program; env: Env } {
  return { program: t.start({ env: { PORT: env.PORT, NODE_ENV: env.NODE_ENV } }), env };
}

// What a right program prints with PORT and NODE_ENV as given.
function rightOutput(env: Env): { stdout: string[]; stderr: string[] } {
  const port = env.PORT || '8000';
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) return { stdout: [], stderr: [`invalid PORT: ${port}`] };
  return { stdout: [`port ${port}`, `mode ${env.NODE_ENV || 'development'}`], stderr: [] };
}

const sameLines = (a: readonly string[], b: readonly string[]) => JSON.stringify(normalizeLines(a)) === JSON.stringify(normalizeLines(b));

// The variables of this run that a .env in the program's folder would set (those the run left unset, as
// dotenv and process.loadEnvFile() keep a variable that is set, even to '').
function dotEnvFor(t: CheckContext, env: Env): Env {
  let text: string;
  try {
    text = readFileSync(path.join(path.dirname(t.file), '.env'), 'utf8');
  } catch {
    return {};
  }
  const file = parseEnv(text);
  const set: Env = {};
  for (const name of ['PORT', 'NODE_ENV'] as const) if (env[name] === undefined && file[name] !== undefined) set[name] = file[name];
  return set;
}

// Fails when the program printed what the .env in its folder would make it print: it loaded the file itself.
function expectNoDotEnv(t: CheckContext, program: Program, env: Env): void {
  const loaded = dotEnvFor(t, env);
  if (Object.keys(loaded).length === 0) return;
  const withFile = rightOutput({ ...env, ...loaded });
  const right = rightOutput(env);
  // A .env that says what the defaults say changes nothing.
  if (sameLines(withFile.stdout, right.stdout) && sameLines(withFile.stderr, right.stderr)) return;
  const printed = { stdout: program.lines('stdout'), stderr: program.lines('stderr') };
  if (!sameLines(printed.stdout, withFile.stdout) || !sameLines(printed.stderr, withFile.stderr)) return;
  const settings = Object.entries(loaded).map(([name, value]) => `${name}=${value}`).join(' and ');
  const unset = Object.keys(loaded).join(' and ');
  t.fail({
    message: `With ${unset} unset the program printed what the .env in its folder says (${settings}): it loads that file itself (process.loadEnvFile() or dotenv), so ${unset} never looks unset to it.`,
    expected: right.stdout.join('\n'),
    actual: [...printed.stdout, ...printed.stderr].join('\n'),
    hint: 'Let the command line choose the file: `node --env-file=.env 04-env.js` when you want it. The check runs your program without --env-file, as a fresh shell would, so don\'t load .env from the program (or keep PORT and NODE_ENV out of it).',
    program,
  });
}

// Expects a run with a valid PORT to print the two lines on stdout and exit 0.
async function expectStarts(t: CheckContext, { program, env }: { program: Program; env: Env }, port: string, mode: string, hint: string): Promise<void> {
  // Only where a .env would set what this run leaves unset (so a program that does not exit is waited for once).
  if (Object.keys(dotEnvFor(t, env)).length > 0 && (await t.untilExit(program)).outcome === 'exited') expectNoDotEnv(t, program, env);
  await t.expectExit(program, 0, { after: `(${portSetting(env.PORT)})`, hint: `${hint} A valid PORT gives exit code 0.` });
  t.expectLines(program, 'stdout', [`port ${port}`, `mode ${mode}`], { hint });
  t.expectLines(program, 'stderr', [], { hint: 'A valid PORT is not an error: write nothing to stderr.' });
}

// Expects a run with an invalid PORT to complain on stderr, print nothing on stdout, and exit 1.
async function expectRejects(t: CheckContext, { program, env }: { program: Program; env: Env }, hint: string): Promise<void> {
  const port = env.PORT ?? '';
  await t.expectExit(program, 1, { after: `(${portSetting(port)})`, hint: `${hint} Write \`invalid PORT: ${port}\` to stderr and set process.exitCode = 1.` });
  t.expectNoCrash(program, {
    expected: `invalid PORT: ${port}`,
    hint: 'An uncaught error prints a stack trace, not just the message: write the line with console.error and set process.exitCode = 1 instead of throwing.',
  });
  t.expectLines(program, 'stderr', [`invalid PORT: ${port}`], { hint: `${hint} Write the message with console.error, with the value exactly as PORT holds it.` });
  t.expectLines(program, 'stdout', [], { hint: 'When PORT is invalid, print nothing to stdout: no "port" or "mode" line.' });
}

// How PORT was set, for a message: "PORT unset", "PORT empty", "PORT=80.5", 'PORT=" 80 "'.
function portSetting(value: string | undefined): string {
  return value === undefined ? 'PORT unset' : value === '' ? 'PORT empty' : `PORT=${/^\S+$/.test(value) ? value : quote(value)}`;
}

// Ports that Number() reads as whole numbers in range, but that are not written with digits only.
const lenientPorts: { value: string; hint: string }[] = [
  { value: ' 80 ', hint: 'Number(" 80 ") is 80: Number() ignores the spaces around a number, and so does trim(). Spaces are not digits.' },
  { value: '+80', hint: 'Number("+80") is 80: a sign is not a digit.' },
  { value: '1e3', hint: 'Number("1e3") is 1000: an exponent is not a digit.' },
  { value: '0x50', hint: 'Number("0x50") is 80: hexadecimal is not written with decimal digits only.' },
];

const validPort = 'The port must be written with digits only and be a whole number from 1 to 65535: test the text with /^\\d+$/, then the range.';

export default defineCheck(async (t: CheckContext) => {
  // Every run starts now (they are independent); the steps judge them in order, and the first failure stops the rest.
  const bothUnset = startWith(t, {});
  const emptyPort = startWith(t, { PORT: '' });
  const port3000 = startWith(t, { PORT: '3000' });
  const port1 = startWith(t, { PORT: '1' });
  const port65535 = startWith(t, { PORT: '65535' });
  const production = startWith(t, { NODE_ENV: 'production' });
  const emptyNodeEnv = startWith(t, { PORT: '4000', NODE_ENV: '' });
  const port0 = startWith(t, { PORT: '0' });
  const port65536 = startWith(t, { PORT: '65536' });
  const portAbc = startWith(t, { PORT: 'abc' });
  const portDecimal = startWith(t, { PORT: '80.5' });

  await t.step('PORT and NODE_ENV unset: prints "port 8000" and "mode development"', async () => {
    await expectStarts(t, bothUnset, '8000', 'development', 'When PORT is unset (undefined) use 8000; when NODE_ENV is unset use development.');
  });

  await t.step('PORT empty: uses the default 8000', async () => {
    await expectStarts(t, emptyPort, '8000', 'development', 'PORT= (empty) means the same as unset: use 8000. `process.env.PORT || \'8000\'` covers both; `??` keeps the empty string, and so do env-var and envalid: their defaults apply only to an unset variable.');
  });

  await t.step('PORT=3000: prints "port 3000"', async () => {
    await expectStarts(t, port3000, '3000', 'development', 'Print the port you were given: `port ${port}`.');
  });

  await t.step('accepts the smallest and largest ports, 1 and 65535', async () => {
    await expectStarts(t, port1, '1', 'development', `1 is a valid port. ${validPort}`);
    await expectStarts(t, port65535, '65535', 'development', `65535 is a valid port. ${validPort}`);
  });

  await t.step('NODE_ENV=production: prints "mode production"', async () => {
    await expectStarts(t, production, '8000', 'production', 'Print NODE_ENV as it is when it is set: `mode ${mode}`.');
  });

  await t.step('NODE_ENV empty: uses the default development', async () => {
    await expectStarts(t, emptyNodeEnv, '4000', 'development', 'NODE_ENV= (empty) means the same as unset: use development. (env-var and envalid keep the empty string: their defaults apply only to an unset variable.)');
  });

  await t.step('PORT=0 is rejected', async () => {
    await expectRejects(t, port0, `0 is not a valid port. ${validPort}`);
  });

  await t.step('PORT=65536 is rejected', async () => {
    await expectRejects(t, port65536, `65536 is one too many: ports go up to 65535. ${validPort}`);
  });

  await t.step('PORT=abc is rejected', async () => {
    await expectRejects(t, portAbc, `"abc" is not a number at all. ${validPort}`);
  });

  await t.step('PORT=80.5 is rejected', async () => {
    await expectRejects(t, portDecimal, `80.5 is not a whole number (parseInt would quietly make it 80). ${validPort}`);
  });

  await t.step('a PORT that Number() accepts but that is not digits only is rejected: " 80 ", "+80", "1e3", "0x50"', async () => {
    // Started only now: the runs above are over, so no more programs start at once than before (node and
    // tsx starting side by side on a busy machine is what makes a right program slow).
    const runs = lenientPorts.map(({ value, hint }) => ({ run: startWith(t, { PORT: value }), hint }));
    for (const { run, hint } of runs) await expectRejects(t, run, `${hint} ${validPort}`);
  });
});
