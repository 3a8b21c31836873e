import { expect } from 'vitest';
import type { VerifyResult } from '../../src/results/verify-result.js';
import { failureMessage } from './verify-file.js';

// The title of the step that failed (checks stop at the first failure).
export function failedStep(result: VerifyResult): string | undefined {
  return result.steps.find((step) => !step.passed)?.title;
}

// Asserts that a verification failed at the given step, with a message a learner sees that matches.
export function expectFailure(result: VerifyResult, step: string | RegExp, message: RegExp): void {
  expect(result.passed, 'the check should fail').toBe(false);
  expect(result.error, 'the workshop itself should have no error').toBeUndefined();
  const failed = result.steps.filter((candidate) => !candidate.passed);
  expect(failed, 'exactly one step fails: checks stop there').toHaveLength(1);
  expect(result.steps.at(-1)?.passed, 'the failing step is the last one run').toBe(false);
  if (typeof step === 'string') expect(failedStep(result)).toBe(step);
  else expect(failedStep(result)).toMatch(step);
  expect(failureMessage(result)).toMatch(message);
  const failure = failed[0]!;
  expect(failure.message, 'a failure says what went wrong').toBeTruthy();
  expect(failure.expected, 'a failure says what was expected').toBeTruthy();
  expect(failure.hint, 'a failure says what to try').toBeTruthy();
}

// Asserts that a verification passed, showing the first failure otherwise.
export function expectPass(result: VerifyResult): void {
  expect(failureMessage(result) || 'passed').toBe('passed');
  expect(result.passed).toBe(true);
  expect(result.steps.length).toBeGreaterThan(0);
}
