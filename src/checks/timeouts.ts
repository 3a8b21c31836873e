/**
 * Deadlines of the checks. They bound how long a wrong program can make us wait; a right one never
 * waits for them, because every wait ends on its event. Generous, so a loaded machine cannot fail a right program.
 */
export const timeouts = {
  /** From start to the first line a program must print (node, plus tsx for TypeScript, can be slow on a busy machine). */
  startMs: 10_000,
  /** From a signal, a request or a message to the reaction it must cause. */
  reactMs: 3_000,
  /** For a program that should end by itself, or after it was asked to stop. */
  exitMs: 5_000,
} as const;

export { seconds } from '../engine/seconds.js';
