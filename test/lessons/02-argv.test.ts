import path from 'node:path';
import { describe, it } from 'vitest';
import { expectFailure, expectPass } from '../helpers/expect-failure.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

const lesson = 'lesson-2';
const file = (name: string) => fixture('lessons', `02-argv/${name}`);

describe.concurrent('lesson 2: argv', () => {
  it('passes the reference solution', async () => {
    expectPass(await verifyFile(lesson, path.join(repoRoot, 'solutions', '02-argv.js')));
  });

  it('passes an ES module with the .mjs extension', async () => {
    expectPass(await verifyFile(lesson, file('esm-solution.mjs')));
  });

  // The starter prints the argv array; how console.log wraps it depends on the Node version and the paths' lengths.
  it('fails the starter', async () => {
    expectFailure(await verifyFile(lesson, path.join(repoRoot, 'lessons', '02-argv', 'starter.js')), 'with no arguments, prints only the "script: <path>" line', /Line 1 of stdout is "\[.*"; expected "script: \/.+starter\.js"/);
  });

  it.each([
    ['prints-relative-script-path.js', 'with no arguments, prints only the "script: <path>" line', /Line 1 of stdout is "script: prints-relative-script-path\.js"; expected "script: \/.+\/prints-relative-script-path\.js"[\s\S]*absolute path/],
    ['counts-from-zero.js', 'prints each argument on its own numbered line, from 1', /Line 2 of stdout is "0: hello"; expected "1: hello"[\s\S]*number the lines from 1/],
    ['splits-on-spaces.js', 'keeps an argument with spaces in one piece', /Line 2 of stdout is "1: two"; expected "1: two words"/],
    ['escapes-quotes.js', 'prints arguments with quotes in them verbatim', /Line 2 of stdout is "1: it\\\\'s"; expected "1: it's"/],
    ['strips-non-ascii.js', 'prints unicode arguments verbatim', /Line 2 of stdout is "1: \?n\?code \?"; expected "1: ünïcode ✓"/],
    ['drops-empty-argument.js', 'prints an empty argument as an empty line "<n>: "', /Line 3 of stdout is "2: after"; expected "2:"[\s\S]*An empty string "" is an argument too/],
    ['uses-require.js', 'with no arguments, prints only the "script: <path>" line', /The program crashed: ReferenceError: require is not defined in ES module scope, you can use import instead\. This file is being treated as an ES module [\s\S]*rename it to use the '\.cjs' file extension\. \(uses-require\.js:2\)[\s\S]*Your file runs as an ES module: the workspace's package\.json says "type": "module"/],
    ['skips-flags.js', 'prints arguments that look like options (--flag) verbatim', /Line 2 of stdout is missing: expected "1: --flag"[\s\S]*dashes included/],
  ])('fails %s', async (name, step, message) => {
    expectFailure(await verifyFile(lesson, file(name)), step, message);
  });
});
