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
  const memory = watchMemory(program, (exceeded) => report({ fault: 'memory', memory: exceeded }), program.memoryLimitMb);
  const offBusy = watchBusy(
    program,
    (busy) => {
      // A loop that queues its writes spins and grows at once: told the cause whichever limit it met first.
      const queued = memory.queuedWrites(busy.cpuMs);
      report(queued ? { fault: 'memory', memory: queued } : { fault: 'busy', busy });
    },
    program.busyCpuMs,
  );
  const stop = () => {
    done = true;
    offOut();
    offErr();
    offBusy();
    memory.stop();
  };
  return stop;
}
