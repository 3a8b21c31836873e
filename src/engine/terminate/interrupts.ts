import { constants } from 'node:os';
import { removeAllTempFoldersNow } from '../owner/temp-folders.js';
import { killAllGroupsNow } from './live-groups.js';

/** The signals that end the workshop from outside: Ctrl-C, a kill, and a closed terminal (SIGHUP). */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** The exit code a shell expects of a process a signal ended: 128 + the signal's number (130, 143, 129). */
export function signalExitCode(signal: InterruptSignal): number {
  return 128 + constants.signals[signal];
}

/**
 * Calls back on the first interrupt, after killing every tracked program group (synchronously, so they are
 * gone even if nothing else runs). A second one means hurry: folders are removed and the workshop exits at
 * once with the first signal's code (a closed terminal sends SIGHUP to the shell too, which may send another).
 * Returns the function that stops listening.
 */
export function onInterrupt(listener: (signal: InterruptSignal) => void): () => void {
  let first: InterruptSignal | undefined;
  const handlers = INTERRUPT_SIGNALS.map((signal) => {
    const handler = () => {
      killAllGroupsNow();
      if (first !== undefined) {
        removeAllTempFoldersNow();
        process.exit(signalExitCode(first));
      }
      first = signal;
      listener(signal);
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((off) => off());
}
