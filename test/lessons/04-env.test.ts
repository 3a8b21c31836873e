import path from 'node:path';
import { describe, it } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-4';
const file = (name: string) => fixture('lessons', `04-env/${name}`);

describe.concurrent('lesson 4: env', () => {
  it('passes the reference solution', async () => {
    expectPass(await verifyFile(lesson, path.join(repoRoot, 'solutions', '04-env.js')));
  });

  it('passes a TypeScript solution', async () => {
    expectPass(await verifyFile(lesson, file('typescript-solution.ts')));
  });

  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '04-env', 'starter.js')), 'PORT and NODE_ENV unset: prints "port 8000" and "mode development"', /Nothing was printed to stdout; expected 2 lines/);
  });

  it.each([
    ['keeps-empty-port.js', 'PORT empty: uses the default 8000', /The program exited with code 1; it should exit with code 0 \(PORT empty\)[\s\S]*`\?\?` keeps the empty string/],
    ['ignores-port.js', 'PORT=3000: prints "port 3000"', /Line 1 of stdout is "port 8000"; expected "port 3000"/],
    ['rejects-port-65535.js', 'accepts the smallest and largest ports, 1 and 65535', /The program exited with code 1; it should exit with code 0 \(PORT=65535\)[\s\S]*65535 is a valid port/],
    ['ignores-node-env.js', 'NODE_ENV=production: prints "mode production"', /Line 2 of stdout is "mode development"; expected "mode production"/],
    ['keeps-empty-node-env.js', 'NODE_ENV empty: uses the default development', /Line 2 of stdout is "mode"; expected "mode development"/],
    ['accepts-port-zero.js', 'PORT=0 is rejected', /The program exited with code 0; it should exit with code 1 \(PORT=0\)[\s\S]*0 is not a valid port/],
    ['accepts-port-65536.js', 'PORT=65536 is rejected', /The program exited with code 0; it should exit with code 1 \(PORT=65536\)[\s\S]*ports go up to 65535/],
    ['accepts-non-numeric-port.js', 'PORT=abc is rejected', /The program exited with code 0; it should exit with code 1 \(PORT=abc\)[\s\S]*not a number at all/],
    ['accepts-decimal-port.js', 'PORT=80.5 is rejected', /The program exited with code 0; it should exit with code 1 \(PORT=80\.5\)[\s\S]*parseInt/],
    ['accepts-what-number-accepts.js', 'a PORT that Number() accepts but that is not digits only is rejected: " 80 ", "+80", "1e3", "0x50"', /The program exited with code 0; it should exit with code 1 \(PORT=" 80 "\)[\s\S]*Number\(" 80 "\) is 80: Number\(\) ignores the spaces/],
    ['accepts-hex-port.js', 'a PORT that Number() accepts but that is not digits only is rejected: " 80 ", "+80", "1e3", "0x50"', /The program exited with code 0; it should exit with code 1 \(PORT=0x50\)[\s\S]*hexadecimal is not written with decimal digits only/],
    ['loads-env-file/04-env.js', 'PORT and NODE_ENV unset: prints "port 8000" and "mode development"', /With PORT unset the program printed what the \.env in its folder says \(PORT=3000\): it loads that file itself[\s\S]*node --env-file=\.env 04-env\.js/],
    ['complains-on-stdout.js', 'PORT=0 is rejected', /Nothing was printed to stderr; expected "invalid PORT: 0"/],
    ['throws-on-invalid-port.js', 'PORT=0 is rejected', /The program crashed: Error: invalid PORT: 0 \(throws-on-invalid-port\.js:5\)/],
  ])('fails %s', async (name, step, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });
});
