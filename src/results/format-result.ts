import type { Painter } from '../terminal/colors.js';
import { countSteps, describeStop, type NeedsReport, type StepResult, type VerifyResult } from './verify-result.js';

const indent = (text: string, prefix = '    ') => text.split('\n').map((line) => prefix + line).join('\n');

// One step as a line (and, on failure, what was expected, what happened and what to try).
export function formatStep(step: StepResult, paint: Painter): string {
  if (step.notChecked) return `${paint.yellow('○')} ${step.title} ${paint.dim('(not checked)')}`;
  const mark = step.passed ? paint.green('✓') : paint.red('✗');
  const lines = [`${mark} ${step.title} ${paint.dim(`(${step.durationMs} ms)`)}`];
  if (!step.passed) {
    if (step.message) lines.push(indent(step.message, '  '));
    if (step.expected !== undefined) lines.push(`  ${paint.bold('expected:')}`, indent(step.expected || '(nothing)'));
    if (step.actual !== undefined) lines.push(`  ${paint.bold('actual:')}`, indent(step.actual || '(nothing)'));
    if (step.hint) lines.push(`  ${paint.yellow('try:')} ${step.hint}`);
  }
  return lines.join('\n');
}

// A whole verification for the terminal: steps, the program's output on failure, and a verdict line.
export function formatResult(result: VerifyResult, paint: Painter): string {
  const lines = result.steps.map((step) => formatStep(step, paint));
  if (!result.passed && result.output) {
    if (result.output.stdout) lines.push(paint.bold('  stdout (last lines):'), paint.cyan(indent(result.output.stdout)));
    if (result.output.stderr) lines.push(paint.bold('  stderr (last lines):'), paint.red(indent(result.output.stderr)));
    if (!result.output.stdout && !result.output.stderr) lines.push(paint.dim('  (the program printed nothing)'));
  }
  if (result.error) lines.push(paint.red(`The workshop could not finish this check: ${result.error}`));
  const name = `${result.lesson} (${result.title})`;
  const steps = countSteps(result.steps);
  const notChecked = steps.notChecked > 0 ? `, ${steps.notChecked} not checked on this platform` : '';
  if (result.needs) lines.push(...formatNeeds(result.needs, name, paint));
  else if (result.cancelled) lines.push(paint.yellow(`${name}: cancelled`));
  else if (result.passed) lines.push(paint.green(paint.bold(`PASSED ${name}: all ${steps.checked} steps passed in ${result.durationMs} ms${notChecked}`)));
  else lines.push(paint.red(paint.bold(`FAILED ${name}: ${describeStop(result)}${notChecked}`)));
  return lines.join('\n');
}

// A check that could not run for want of something (Redis): what, why, and how to get it. Not a failure.
export function formatNeeds(needs: NeedsReport, name: string, paint: Painter): string[] {
  return [
    paint.yellow(paint.bold(`NEEDS ${needs.what.toUpperCase()} ${name}: not checked, ${needs.reason}.`)),
    `To get ${needs.what}:`,
    ...needs.howTo.map((way) => `  ${way}`),
    paint.dim('Then verify again. This is not a failure of your program.'),
  ];
}
