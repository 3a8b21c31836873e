import { onInterrupt, signalExitCode, type InterruptSignal } from './interrupts.js';

// Makes the workshop clean up every learner process group when it is interrupted (SIGINT, SIGTERM, SIGHUP),
// then exit 128+n (the run folders are removed on exit).
export function exitOnSignals(onSignal?: (signal: InterruptSignal) => void): void {
  onInterrupt((signal) => {
    onSignal?.(signal);
    process.exit(signalExitCode(signal));
  });
}
