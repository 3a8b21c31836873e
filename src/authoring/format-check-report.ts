import type { Painter } from '../terminal/colors.js';
import type { AuthoringProblem } from './authoring-problem.js';
import type { CheckReport, LessonCheckResult } from './check-report.js';
import type { RunSummary } from './run-summary.js';

const problemLine = (problem: AuthoringProblem, paint: Painter) => `    ${paint.red('✗')} ${problem.where}: ${problem.message}`;

function describeRun(role: 'starter' | 'solution', run: RunSummary | undefined): string | undefined {
  if (!run) return undefined;
  if (run.error) return `${role}: check could not finish`;
  if (role === 'starter') return run.passed ? 'starter passes' : `starter fails at step ${run.steps}`;
  return run.passed ? `solution passes ${run.steps} step${run.steps === 1 ? '' : 's'} (${run.durationMs} ms)` : `solution fails at step ${run.steps}`;
}

// One lesson of the authors' check: a verdict line, then each problem on its own line.
export function formatLessonCheck(result: LessonCheckResult, paint: Painter): string {
  const mark = result.ok ? paint.green('✓') : paint.red('✗');
  const runs = [describeRun('starter', result.starter), describeRun('solution', result.solution)].filter(Boolean).join(', ');
  const head = `${mark} ${result.id.padEnd(9)} ${result.name.padEnd(22)} ${paint.dim(runs || (result.ok ? '' : 'not run'))}`.trimEnd();
  return [head, ...result.problems.map((problem) => problemLine(problem, paint))].join('\n');
}

// The end of the report: the layout's problems and the totals.
export function formatCheckSummary(report: CheckReport, paint: Painter): string {
  const lines: string[] = [];
  if (report.layout.length === 0) lines.push(`${paint.green('✓')} lessons/ and solutions/: nothing stray or misnamed, numbers 1 to ${report.lessons.length}`);
  else lines.push(`${paint.red('✗')} lessons/ and solutions/:`, ...report.layout.map((problem) => problemLine(problem, paint)));
  const ok = report.lessons.filter((lesson) => lesson.ok).length;
  const problems = report.lessons.reduce((sum, lesson) => sum + lesson.problems.length, 0) + report.layout.length;
  const totals = `${report.lessons.length} lesson${report.lessons.length === 1 ? '' : 's'}: ${ok} ok, ${report.lessons.length - ok} with problems; ${problems} problem${problems === 1 ? '' : 's'} in all (${(report.durationMs / 1000).toFixed(1)} s, ${report.concurrency} at a time)`;
  lines.push('', report.ok ? paint.green(paint.bold(`OK ${totals}`)) : paint.red(paint.bold(`PROBLEMS ${totals}`)));
  return lines.join('\n');
}
