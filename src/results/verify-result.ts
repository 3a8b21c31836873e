// The record of one verification; `result-schema.ts` validates the same shape when it is read back.

// One step of a check: what it tried, and on failure what was expected, what happened and what to try.
export interface StepResult {
  title: string;
  /** False for the step that failed; true for one that passed, or that could not be checked (see notChecked). */
  passed: boolean;
  /** Set on a step the check could not try on this platform (no /proc, say): neither a pass nor a failure; its title says what and why. */
  notChecked?: true;
  /** One line saying what went wrong (failures only). */
  message?: string;
  expected?: string;
  actual?: string;
  hint?: string;
  durationMs: number;
}

// How the steps of a verification went: checked and passed, failed, and not checked on this platform.
export function countSteps(steps: readonly StepResult[]): { checked: number; passed: number; notChecked: number } {
  const notChecked = steps.filter((step) => step.notChecked).length;
  return { checked: steps.length - notChecked, passed: steps.filter((step) => step.passed && !step.notChecked).length, notChecked };
}

// The last lines a program printed, kept for the report.
export interface OutputExcerpt {
  stdout: string;
  stderr: string;
}

// The machine lacks something the lesson needs (Redis): neither a pass nor the learner's failure.
export interface NeedsReport {
  /** What is missing, e.g. "Redis". */
  what: string;
  /** Why it is not here, in one sentence. */
  reason: string;
  /** Ways to get it, one command or step each. */
  howTo: string[];
}

// The outcome of verifying one learner's file against one lesson.
export interface VerifyResult {
  lesson: string;
  title: string;
  file: string;
  passed: boolean;
  /** True when the learner cancelled the verification. */
  cancelled?: boolean;
  /** Set when the workshop itself could not run the check (never the learner's fault). */
  error?: string;
  /** Set when the check could not run because the machine lacks something (never the learner's fault). */
  needs?: NeedsReport;
  durationMs: number;
  steps: StepResult[];
  /** How many steps the check has in all, as the lesson states it: a failure stops before the rest. */
  stepCount?: number;
  output?: OutputExcerpt;
}

// Where a failed check stopped, counted among all its steps: "stopped at step 3 of 8 (2 passed)".
export function describeStop(result: Pick<VerifyResult, 'steps' | 'stepCount'>): string {
  const at = result.steps.findIndex((step) => !step.passed) + 1 || result.steps.length;
  const of = result.stepCount !== undefined ? ` of ${Math.max(result.stepCount, result.steps.length)}` : '';
  const passed = countSteps(result.steps).passed;
  return `stopped at step ${at}${of} (${passed} passed)`;
}
