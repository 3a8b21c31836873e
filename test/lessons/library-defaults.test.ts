import path from 'node:path';
import { describe, it } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

// Programs written with the libraries learners reach for, whose defaults break a lesson's contract where its
// text says so (one line per library in lessons 2, 4 and 6): each passes or fails as that line says.
const program = (folder: string, name: string) => fixture('lessons', path.join(folder, name));

describe.concurrent('library defaults, as the lesson texts describe them', () => {
  it.each([
    ['minimist', 'prints-minimist-positionals.js', /Line 2 of stdout is missing: expected "1: --flag"[\s\S]*An option parser/],
    ['yargs', 'prints-yargs-positionals.js', /Line 2 of stdout is missing: expected "1: --flag"[\s\S]*An option parser/],
    ['commander', 'prints-commander-arguments.js', /The program exited with code 1; it should exit with code 0\.[\s\S]*An option parser/],
    ['util.parseArgs', 'prints-parseargs-positionals.js', /Line 2 of stdout is missing: expected "1: --flag"[\s\S]*An option parser/],
  ])('lesson 2: %s takes "--flag" as an option and drops "--"', async (_library, name, message) => {
    expectFailure(await verifyFile('lesson-2', program('02-argv', name)), 'prints arguments that look like options (--flag) verbatim', message);
  });

  it.each([
    ['env-var', 'reads-port-with-env-var.js'],
    ['envalid', 'reads-port-with-envalid.js'],
  ])("lesson 4: %s takes PORT='' as set, so its default does not apply", async (_library, name) => {
    expectFailure(await verifyFile('lesson-4', program('04-env', name)), 'PORT empty: uses the default 8000', /The program exited with code 1; it should exit with code 0 \(PORT empty\)[\s\S]*env-var and envalid/);
  });

  it("lesson 4: envalid passes once empty variables are removed from what it reads", async () => {
    expectPass(await verifyFile('lesson-4', program('04-env', 'reads-port-with-envalid-empty-as-unset.js')));
  });

  it('lesson 4: dotenv loads the .env beside the program, so PORT and NODE_ENV are never unset', async () => {
    expectFailure(
      await verifyFile('lesson-4', program('04-env', 'loads-env-file-with-dotenv/04-env.js')),
      'PORT and NODE_ENV unset: prints "port 8000" and "mode development"',
      /With PORT and NODE_ENV unset the program printed what the \.env in its folder says \(PORT=3000 and NODE_ENV=production\): it loads that file itself/,
    );
  });

  it("lesson 6: signal-exit's onExit raises the signal again after its callback, so the program dies by it", async () => {
    expectFailure(
      await verifyFile('lesson-6', program('06-signals', 'stops-with-signal-exit.js')),
      'SIGTERM: prints "stopping" and exits with code 0',
      /The program printed "stopping" after SIGTERM, and then SIGTERM killed it: the signal was raised again after the handler ran[\s\S]*signal-exit's onExit does that[\s\S]*return true from the onExit callback/,
    );
  });

  it('lesson 6: signal-exit passes when its callback returns true (the signal is not raised again)', async () => {
    expectPass(await verifyFile('lesson-6', program('06-signals', 'signal-exit-keeps-the-signal.js')));
  });
});
