import type { CheckContext, CheckSettings } from './check-context.js';

/**
 * A lesson's check: steps that start the learner's program and judge what it does. A check that
 * needs more than the base API (a server's, a cluster's) brings the context it runs in.
 */
export type Check = ((t: CheckContext) => Promise<void>) & { createContext?: (settings: CheckSettings) => CheckContext };

/** A context a check runs in: CheckContext, or one built on it (ServerCheckContext, ClusterCheckContext, RedisCheckContext). */
export type ContextClass<C extends CheckContext> = new (settings: CheckSettings) => C;

/**
 * Declares a lesson's check, the default export of lessons/NN-slug/check.ts: its steps run with the base
 * API, or with the API of the context it names:
 *
 *   export default defineCheck(ServerCheckContext, async (t: ServerCheckContext) => { … });
 *
 * Write the type of `t` out: TypeScript narrows after `t.fail(…)` (which never returns) only for a
 * parameter whose type is written.
 */
export function defineCheck(check: (t: CheckContext) => Promise<void>): Check;
export function defineCheck<C extends CheckContext>(context: ContextClass<C>, check: (t: C) => Promise<void>): Check;
export function defineCheck<C extends CheckContext>(first: ContextClass<C> | ((t: CheckContext) => Promise<void>), second?: (t: C) => Promise<void>): Check {
  if (!second) return first as Check;
  const context = first as ContextClass<C>;
  const run = ((t) => second(t as C)) as Check;
  run.createContext = (settings: CheckSettings) => new context(settings);
  return run;
}
