import path from 'node:path';
import { cutLine } from './excerpt.js';

// Finds the learner's own error in what node printed to stderr: the error line and where it was thrown,
// e.g. "SyntaxError: Unexpected token ')' (02-argv.js:3)". Undefined when stderr shows no crash.
export function describeCrash(stderr: string, file: string): string | undefined {
  const lines = stderr.split(/\r?\n/);
  const errorLine = lines.find((line) => /^(\w*(Error|Exception)|Error \[[A-Z_]+\])\b.*/.test(line) && !line.startsWith(' '));
  if (!errorLine) return undefined;
  const name = path.basename(file);
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const location = new RegExp(`(?:file://)?${escaped}:(\\d+)(?::(\\d+))?`);
  let where: string | undefined;
  for (const line of lines) {
    const match = location.exec(line);
    if (match) {
      where = `${name}:${match[1]}`;
      break;
    }
  }
  return where ? `${cutLine(errorLine.trim())} (${where})` : cutLine(errorLine.trim());
}
