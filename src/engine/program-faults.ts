import { watchBusy, type Busy } from './busy-watch.js';
import type { Overflow } from './output-capture.js';
import type { Program } from './program.js';

// What makes a run wrong whatever a check waits for: it printed past the output cap, or one of its
// processes spins without printing. Either is certain the moment it is seen.
export type ProgramFault = { fault: 'flood'; overflow: Overflow; afterMs: number } | { fault: 'busy'; busy: Busy };

// Calls back once, on the first fault of a program; returns the function that stops watching.
export function watchFaults(program: Program, onFault: (fault: ProgramFault) => void): () => void {
  let done = false;
  const report = (fault: ProgramFault) => {
    if (done) return;
    stop();
    onFault(fault);
  };
  const flood = (overflow: Overflow) => report({ fault: 'flood', overflow, afterMs: overflow.at - program.startedAt });
  const offOut = program.stdout.onOverflow(flood);
  const offErr = program.stderr.onOverflow(flood);
  const offBusy = watchBusy(program, (busy) => report({ fault: 'busy', busy }));
  const stop = () => {
    done = true;
    offOut();
    offErr();
    offBusy();
  };
  return stop;
}
