import path from 'node:path';
import { crashLine, markdownCell, type Annotation } from '../cli/github-actions.js';
import type { VerifyResult } from './verify-result.js';

// The failing step as an annotation on the learner's file (at the crash's line when it crashed); none when
// the check could not run for want of something on the machine (Redis), which is not the learner's failure.
export function verifyAnnotations(result: VerifyResult): Annotation[] {
  const title = `${result.lesson} ${result.title}`;
  if (result.needs || result.cancelled) return [];
  if (result.error) return [{ title: `${title}: the workshop could not finish the check`, message: result.error, file: result.file }];
  const step = result.steps.find((candidate) => !candidate.passed);
  if (!step) return [];
  const message = step.message ?? `step "${step.title}" failed`;
  const line = crashLine(message, path.basename(result.file));
  return [{ title: `${title} · ${step.title}`, message, file: result.file, ...(line ? { line } : {}) }];
}

// The verification as markdown for the job's summary page: the verdict, then each step.
export function verifySummary(result: VerifyResult): string {
  const verdict = result.cancelled ? 'cancelled' : result.needs ? `❔ not checked, this machine lacks ${markdownCell(result.needs.what)}` : result.passed ? '✅ passed' : '❌ failed';
  const lines = [`### ${result.lesson} ${markdownCell(result.title)}: ${verdict}`, '', `\`${markdownCell(path.basename(result.file))}\`, ${result.durationMs} ms`, ''];
  for (const step of result.steps) {
    lines.push(`- ${step.notChecked ? '➖' : step.passed ? '✅' : '❌'} ${markdownCell(step.title)}${step.notChecked ? ' (not checked here)' : ''}`);
    if (!step.passed && step.message) lines.push(`  - ${markdownCell(step.message)}`);
    if (!step.passed && step.hint) lines.push(`  - try: ${markdownCell(step.hint)}`);
  }
  if (result.needs) lines.push('', `${markdownCell(result.needs.reason)}; to get ${markdownCell(result.needs.what)}: ${result.needs.howTo.map((how) => `\`${markdownCell(how)}\``).join(', ')}`);
  if (result.error) lines.push('', `The workshop could not finish this check: ${markdownCell(result.error)}`);
  return lines.join('\n');
}
