import type { Program } from '../engine/program.js';

// What a failed step tells the learner.
export interface FailureDetails {
  /** One line: what went wrong. */
  message: string;
  expected?: string;
  actual?: string;
  hint?: string;
  /** The program whose output the report should show. */
  program?: Program;
}

// Thrown inside a step to fail it with a message for the learner.
export class StepFailure extends Error {
  constructor(readonly details: FailureDetails) {
    super(details.message);
    this.name = 'StepFailure';
  }
}

// Thrown to stop a check after its first failing step; not an error of its own.
export class ChecksStopped extends Error {
  constructor() {
    super('checks stopped after a failing step');
    this.name = 'ChecksStopped';
  }
}

// True for a ChecksStopped from any copy of this module (a check bundled apart from its runner throws its own).
export function isChecksStopped(error: unknown): boolean {
  return error instanceof Error && error.name === 'ChecksStopped';
}
