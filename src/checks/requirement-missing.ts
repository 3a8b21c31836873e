import type { NeedsReport } from '../results/verify-result.js';

// Thrown by a check that cannot run because the machine lacks something (Redis): the run's outcome is
// "needs …", which is neither a pass nor a failure of the learner's.
export class RequirementMissing extends Error {
  constructor(readonly needs: NeedsReport) {
    super(`needs ${needs.what}: ${needs.reason}`);
    this.name = 'RequirementMissing';
  }
}

// What is missing, for a RequirementMissing from any copy of this module (a check bundled apart from its runner throws its own).
export function requirementMissingOf(error: unknown): NeedsReport | undefined {
  return error instanceof Error && error.name === 'RequirementMissing' ? (error as RequirementMissing).needs : undefined;
}
