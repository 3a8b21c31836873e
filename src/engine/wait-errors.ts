import type { ExitInfo } from './exit-info.js';

// A wait that ended without the awaited event: the program exited first, or the deadline passed.
export class WaitError extends Error {
  constructor(
    readonly reason: 'exited' | 'timeout' | 'cancelled',
    readonly waitedMs: number,
    readonly exit?: ExitInfo,
  ) {
    super(reason === 'exited' ? 'the program exited' : reason === 'timeout' ? `nothing happened within ${waitedMs} ms` : 'cancelled');
    this.name = 'WaitError';
  }
}
