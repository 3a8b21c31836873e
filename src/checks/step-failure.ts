import type { ExitInfo } from '../engine/program/exit-info.js';

/** What the wording of a failure reads of a program: its file, pid, how it ended, and its stderr. */
export interface ProgramView {
  readonly pid: number;
  readonly file: string;
  readonly exitInfo: ExitInfo | undefined;
  readonly spawnError: Error | undefined;
  readonly stderr: { readonly text: string; readonly lines: readonly string[] };
}

/** What a failed step tells the learner. */
export interface FailureDetails {
  /** One line: what went wrong. */
  message: string;
  expected?: string;
  actual?: string;
  hint?: string;
  /** The program whose output the report should show. */
  program?: ProgramView;
}

/** Thrown inside a step to fail it with a message for the learner. */
export class StepFailure extends Error {
  constructor(readonly details: FailureDetails) {
    super(details.message);
    this.name = 'StepFailure';
  }
}

/** Thrown to stop a check after its first failing step; not an error of its own. */
export class ChecksStopped extends Error {
  constructor() {
    super('checks stopped after a failing step');
    this.name = 'ChecksStopped';
  }
}

/** Thrown to end a check whose run was cancelled (Ctrl-C): neither a pass nor the learner's failure. */
export class CheckCancelled extends Error {
  constructor() {
    super('the check was cancelled');
    this.name = 'CheckCancelled';
  }
}

/** True for a ChecksStopped from any copy of this module (a check bundled apart from its runner throws its own). */
export function isChecksStopped(error: unknown): boolean {
  return error instanceof Error && error.name === 'ChecksStopped';
}

/** True for a CheckCancelled from any copy of this module. */
export function isCheckCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'CheckCancelled';
}
