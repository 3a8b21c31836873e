import path from 'node:path';
import { MAX_ERROR_CHARS, cutLine } from './excerpt.js';

// The first line of an error node printed: "TypeError: …", "Error [ERR_…]: …", not indented.
const ERROR_LINE = /^(\w*(Error|Exception)|Error \[[A-Z_]+\])\b.*/;

/**
 * Where the errors are in what node printed to stderr: for each, the index of its first line and of the
 * line after its text. Node's text goes on over the lines that follow (its advice: "This file is being
 * treated as an ES module … rename it to use the '.cjs' file extension.") until the stack or a blank line.
 */
export function errorBlocks(lines: readonly string[]): { start: number; end: number }[] {
  const blocks: { start: number; end: number }[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.startsWith(' ') || !ERROR_LINE.test(line)) continue;
    let end = index + 1;
    while (end < lines.length && lines[end]!.trim() !== '' && !/^\s/.test(lines[end]!) && !/^Node\.js v\d/.test(lines[end]!)) end++;
    blocks.push({ start: index, end });
    index = end - 1;
  }
  return blocks;
}

// The lines of one error's text as one sentence: "…, you can use import instead. This file is …".
function joinErrorText(lines: readonly string[]): string {
  return lines
    .map((line) => line.trim())
    .reduce((text, line) => (text === '' ? line : `${text}${/[.!?:;,]$/.test(text) ? '' : '.'} ${line}`), '');
}

// Finds the learner's own error in what node printed to stderr: the error's text, whole (node's advice
// included), and where it was thrown, e.g. "SyntaxError: Unexpected token ')' (02-argv.js:3)". Undefined
// when stderr shows no crash.
export function describeCrash(stderr: string, file: string): string | undefined {
  const lines = stderr.split(/\r?\n/);
  const block = errorBlocks(lines)[0];
  if (!block) return undefined;
  const error = cutLine(joinErrorText(lines.slice(block.start, block.end)), MAX_ERROR_CHARS);
  const name = path.basename(file);
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const location = new RegExp(`(?:file://)?${escaped}:(\\d+)(?::(\\d+))?`);
  for (const line of lines) {
    const match = location.exec(line);
    if (match) return `${error} (${name}:${match[1]})`;
  }
  return error;
}

/** The hint of every failure caused by the learner's own uncaught error. */
export const FIX_THE_ERROR = 'Fix the error shown in stderr below, in your file at the line it names.';

/**
 * What to try about a crash (as describeCrash words it): what the error means where the workshop knows it
 * better than the error says (CommonJS in an ES module), else FIX_THE_ERROR.
 */
export function crashHint(crash: string): string {
  const commonJs = /\b(require|module|exports|__dirname|__filename) is not defined in ES module scope/.exec(crash);
  if (commonJs) {
    const instead =
      commonJs[1] === 'require'
        ? "write `import … from 'node:…'` instead of require()"
        : commonJs[1] === 'module' || commonJs[1] === 'exports'
          ? 'export with `export` instead of module.exports'
          : 'use `import.meta.dirname` / `import.meta.filename` (Node 20.11 and later) instead';
    return `Your file runs as an ES module: the workspace's package.json says "type": "module", so every .js file in it is one, and ${commonJs[1]} does not exist there. ${instead[0]!.toUpperCase()}${instead.slice(1)}, or name the file .cjs to write CommonJS.`;
  }
  if (/Cannot use import statement outside a module/.test(crash)) {
    return 'Your file runs as CommonJS (a .cjs file, or a folder whose package.json has no "type": "module"), where `import` statements do not exist: use require(), or name the file .mjs (or .js in a "type": "module" folder).';
  }
  return FIX_THE_ERROR;
}

/**
 * What to try when stderr holds a warning of node's own that the workshop knows, rather than the
 * program's output: undefined when it holds none.
 */
export function nodeWarningHint(stderrLines: readonly string[]): string | undefined {
  if (stderrLines.some((line) => line.includes('[MODULE_TYPELESS_PACKAGE_JSON]'))) {
    return 'That warning is node\'s: your file uses `import`, and the package.json in its folder does not say "type": "module", so node parses it twice and warns on stderr. Add "type": "module" to that package.json (or name the file .mjs).';
  }
  return undefined;
}
