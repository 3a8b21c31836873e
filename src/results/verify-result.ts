// The record of one verification; `result-schema.ts` validates the same shape when it is read back.

// One step of a check: what it tried, and on failure what was expected, what happened and what to try.
export interface StepResult {
  title: string;
  passed: boolean;
  /** One line saying what went wrong (failures only). */
  message?: string;
  expected?: string;
  actual?: string;
  hint?: string;
  durationMs: number;
}

// The last lines a program printed, kept for the report.
export interface OutputExcerpt {
  stdout: string;
  stderr: string;
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
  durationMs: number;
  steps: StepResult[];
  output?: OutputExcerpt;
}
