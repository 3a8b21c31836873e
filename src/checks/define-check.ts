import type { CheckContext } from './check-context.js';

// A lesson's check: steps that start the learner's program and judge what it does.
export type Check = (t: CheckContext) => Promise<void>;

// Declares a lesson's check (the default export of lessons/NN-slug/check.ts).
export function defineCheck(check: Check): Check {
  return check;
}
