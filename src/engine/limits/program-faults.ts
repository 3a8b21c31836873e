import { watchBusy, type Busy } from './busy-watch.js';
import { watchMemory, type MemoryExceeded } from './memory-watch.js';
import type { Overflow } from '../program/output-capture.js';
import type { Program } from '../program/program.js';

// What makes a run wrong whatever a check waits for: it printed past the output cap, one of its processes
// spins without printing, or its processes together use more memory than allowed. Each is certain the moment
// it is seen.
export type ProgramFault = { fault: 'flood'; overflow: Overflow; afterMs: number } | { fault: 'busy'; busy: Busy } | { fault: 'memory'; memory: MemoryExceeded };

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
  const offBusy = watchBusy(program, (busy) => report({ fault: 'busy', busy }), program.busyCpuMs);
  const offMemory = watchMemory(program, (memory) => report({ fault: 'memory', memory }), program.memoryLimitMb);
  const stop = () => {
    done = true;
    offOut();
    offErr();
    offBusy();
    offMemory();
  };
  return stop;
}
