import { killAllGroupsNow } from './live-groups.js';

const exitCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

// Makes the workshop clean up every learner process group when it is interrupted, then exit 128+n.
export function exitOnSignals(onSignal?: (signal: NodeJS.Signals) => void): void {
  for (const signal of Object.keys(exitCodes) as (keyof typeof exitCodes)[]) {
    process.once(signal, () => {
      killAllGroupsNow();
      onSignal?.(signal);
      process.exit(exitCodes[signal]);
    });
  }
}
