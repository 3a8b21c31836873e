import type { VerifyResult } from '../results/verify-result.js';

// One verification, shortened for the authors' report: its verdict and, when it failed, where and why.
export interface RunSummary {
  passed: boolean;
  steps: number;
  durationMs: number;
  failedStep?: string;
  message?: string;
  /** The workshop itself could not finish the check (a bug in the check, processes it could not stop, no Redis here). */
  error?: string;
}

// Shortens a verification for the report.
export function summarizeRun(result: VerifyResult): RunSummary {
  const failed = result.steps.find((step) => !step.passed);
  return {
    passed: result.passed,
    steps: result.steps.length,
    durationMs: result.durationMs,
    ...(failed ? { failedStep: failed.title, ...(failed.message ? { message: failed.message } : {}) } : {}),
    ...(result.error ? { error: result.error } : result.needs ? { error: `it needs ${result.needs.what} (${result.needs.reason})` } : result.cancelled ? { error: 'cancelled' } : {}),
  };
}
