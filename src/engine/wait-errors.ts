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

// True for a cancelled wait, from any copy of this module (a check bundled apart from its runner has its own).
export function isCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'WaitError' && (error as WaitError).reason === 'cancelled';
}
