import type { NeedsReport, OutputExcerpt, VerifyResult } from '../results/verify-result.js';
import { isCancelled } from '../engine/waits/wait-errors.js';
import { CheckContext, type CheckSettings } from './check-context.js';
import type { Check } from './define-check.js';
import { errorBlocks } from './describe-crash.js';
import { streamExcerpt } from './excerpt.js';
import { requirementMissingOf } from './requirement-missing.js';
import { isCheckCancelled, isChecksStopped } from './step-failure.js';
import { monotonicMs } from '../engine/waits/clock.js';

// What the runner needs besides the check: which lesson it is, for the report.
export interface RunCheckOptions extends CheckSettings {
  lesson: string;
  title: string;
}

// Runs a lesson's check against a learner's file and cleans up every process it started, on every path.
export async function runCheck(check: Check, options: RunCheckOptions): Promise<VerifyResult> {
  const started = monotonicMs();
  const t = check.createContext?.(options) ?? new CheckContext(options);
  let error: string | undefined;
  let cancelled = false;
  let needs: NeedsReport | undefined;
  try {
    await check(t);
  } catch (thrown) {
    needs = requirementMissingOf(thrown);
    if (isCheckCancelled(thrown) || isCancelled(thrown)) cancelled = true;
    else if (!needs && !isChecksStopped(thrown)) error = `the check itself failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
  } finally {
    const reports = await Promise.all(t.programs.map((program) => program.stop()));
    const left = reports.filter((report) => !report.empty).length;
    if (left > 0) error ??= `could not stop ${left} of the program's process groups`;
    // What the check itself started (a private Redis) goes after the programs that used it.
    for (const cleanup of t.cleanups.splice(0).reverse()) await cleanup();
  }
  if (t.steps.length === 0 && !cancelled && !needs) error ??= 'the check ran no step';
  const passed = !cancelled && !needs && error === undefined && t.steps.every((step) => step.passed);
  return {
    lesson: options.lesson,
    title: options.title,
    file: options.file,
    passed,
    ...(cancelled ? { cancelled } : {}),
    ...(error ? { error } : {}),
    ...(needs ? { needs } : {}),
    durationMs: Math.round(monotonicMs() - started),
    steps: t.steps,
    ...(t.focus && !passed && !needs ? { output: excerptOf(t) } : {}),
  };
}

function excerptOf(t: CheckContext): OutputExcerpt | undefined {
  const program = t.focus;
  if (!program) return undefined;
  // Node's own internal stack frames say nothing about the learner's code.
  // An error's own text (node's advice with a long path in it, say) is shown whole.
  const stderr = streamExcerpt(program.stderr, (line) => !/^\s+at (.*\()?node:internal\//.test(line), errorLineIndexes);
  return { stdout: streamExcerpt(program.stdout), stderr };
}

// The indexes of the lines that are an error's own text (see errorBlocks).
function errorLineIndexes(lines: readonly string[]): Set<number> {
  const indexes = new Set<number>();
  for (const { start, end } of errorBlocks(lines)) for (let index = start; index < end; index++) indexes.add(index);
  return indexes;
}
