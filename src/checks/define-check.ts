import type { CheckContext, CheckSettings } from './check-context.js';

/**
 * A lesson's check: steps that start the learner's program and judge what it does. A check that
 * needs more than the base API (the cluster lessons) brings the context it runs in.
 */
export type Check = ((t: CheckContext) => Promise<void>) & { createContext?: (settings: CheckSettings) => CheckContext };

/** Declares a lesson's check, the default export of lessons/NN-slug/check.ts: steps run with the base API (`t`). */
export function defineCheck(check: (t: CheckContext) => Promise<void>): Check {
  return check;
}
