import { describe, expect, it } from 'vitest';
import { describeCrash } from '../../src/checks/describe-crash.js';

const file = '/home/ada/workshop/02-argv.js';

describe('describeCrash', () => {
  it('finds a thrown error and the line of the learner\'s file it came from', () => {
    const stderr = [
      'file:///home/ada/workshop/02-argv.js:3',
      "throw new Error('boom');",
      '^',
      '',
      'Error: boom',
      '    at file:///home/ada/workshop/02-argv.js:3:7',
      '    at ModuleJob.run (node:internal/modules/esm/module_job:234:25)',
    ].join('\n');
    expect(describeCrash(stderr, file)).toBe('Error: boom (02-argv.js:3)');
  });

  it('finds a syntax error', () => {
    const stderr = ['file:///home/ada/workshop/02-argv.js:5', 'const x = (1 + ;', '                ^', '', "SyntaxError: Unexpected token ';'", '    at ModuleLoader.moduleStrategy (node:internal/modules/esm/translators:168:18)'].join('\n');
    expect(describeCrash(stderr, file)).toBe("SyntaxError: Unexpected token ';' (02-argv.js:5)");
  });

  it('finds a CommonJS stack with a plain path', () => {
    const stderr = ['/home/ada/workshop/02-argv.js:2', '', 'TypeError: x is not a function', '    at Object.<anonymous> (/home/ada/workshop/02-argv.js:2:1)'].join('\n');
    expect(describeCrash(stderr, file)).toBe('TypeError: x is not a function (02-argv.js:2)');
  });

  it('finds node\'s coded errors, without a location when the file is not named', () => {
    const stderr = "node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError [ERR_MODULE_NOT_FOUND]: Cannot find package 'nope'\n    at packageResolve (node:internal/modules/esm/resolve:854:9)";
    expect(describeCrash(stderr, file)).toBe("Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'nope'");
  });

  it('does not take the learner\'s own output for a crash', () => {
    expect(describeCrash("you're doing it wrong: abc\ninvalid PORT: 0\n", file)).toBeUndefined();
    expect(describeCrash('', file)).toBeUndefined();
  });

  it('does not confuse another file with the same name in another folder', () => {
    const stderr = 'Error: boom\n    at file:///elsewhere/02-argv.js:9:1';
    expect(describeCrash(stderr, file)).toBe('Error: boom');
  });
});
