import { describe, expect, it } from 'vitest';
import { crashHint, describeCrash, FIX_THE_ERROR } from '../../src/checks/describe-crash.js';

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

  // What node 20, 22, 24 and 26 print for a require() in a .js file of a "type": "module" folder.
  const requireInEsm = (folder: string) =>
    [
      `file://${folder}/02-argv.js:1`,
      'const x = require("node:process");',
      '          ^',
      '',
      'ReferenceError: require is not defined in ES module scope, you can use import instead',
      `This file is being treated as an ES module because it has a '.js' file extension and '${folder}/package.json' contains "type": "module". To treat it as a CommonJS script, rename it to use the '.cjs' file extension.`,
      `    at file://${folder}/02-argv.js:1:11`,
      '    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)',
      '',
      'Node.js v20.20.2',
    ].join('\n');

  it("keeps node's advice whole, on the lines after the error line, also with a long path in it", () => {
    const folder = `/home/ada/${'a-very-long-folder-name/'.repeat(4)}workshop`;
    const crash = describeCrash(requireInEsm(folder), `${folder}/02-argv.js`);
    expect(crash).toBe(
      `ReferenceError: require is not defined in ES module scope, you can use import instead. This file is being treated as an ES module because it has a '.js' file extension and '${folder}/package.json' contains "type": "module". To treat it as a CommonJS script, rename it to use the '.cjs' file extension. (02-argv.js:1)`,
    );
  });

  it('still cuts an error that is a flood', () => {
    const crash = describeCrash(`Error: ${'x'.repeat(10_000)}\n    at file:///home/ada/workshop/02-argv.js:1:1`, file)!;
    expect(crash).toMatch(/^Error: x+… \(6,007 more characters\) \(02-argv\.js:1\)$/);
  });
});

describe('crashHint', () => {
  it('says that a require() failed because the workspace is an ES module, and what to write instead', () => {
    const hint = crashHint(describeCrash(requireInEsmShort, file)!);
    expect(hint).toMatch(/runs as an ES module: the workspace's package\.json says "type": "module"[\s\S]*import … from 'node:…'[\s\S]*\.cjs/);
  });

  it('names __dirname and import statements in CommonJS too', () => {
    expect(crashHint('ReferenceError: __dirname is not defined in ES module scope (x.js:1)')).toMatch(/import\.meta\.dirname/);
    expect(crashHint('SyntaxError: Cannot use import statement outside a module (x.cjs:1)')).toMatch(/runs as CommonJS/);
  });

  it('is the general hint for any other error', () => {
    expect(crashHint('TypeError: x is not a function (x.js:1)')).toBe(FIX_THE_ERROR);
  });
});

const requireInEsmShort = 'ReferenceError: require is not defined in ES module scope, you can use import instead\n    at file:///home/ada/workshop/02-argv.js:1:11';
