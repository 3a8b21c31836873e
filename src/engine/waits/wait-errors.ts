import type { Asleep } from './dormancy.js';
import type { ExitInfo } from '../program/exit-info.js';

const MESSAGES = {
  exited: () => 'the program exited',
  timeout: (waitedMs: number) => `nothing happened within ${waitedMs} ms`,
  asleep: (waitedMs: number) => `the program fell asleep for good after ${waitedMs} ms`,
  cancelled: () => 'cancelled',
};

// A wait that ended without the awaited event: the program exited first, the deadline passed, or the
// program fell asleep with nothing of its own due before the deadline (`asleep` says how).
export class WaitError extends Error {
  constructor(
    readonly reason: 'exited' | 'timeout' | 'asleep' | 'cancelled',
    readonly waitedMs: number,
    readonly exit?: ExitInfo,
    readonly asleep?: Asleep,
  ) {
    super(MESSAGES[reason](waitedMs));
    this.name = 'WaitError';
  }
}

// True for a cancelled wait, from any copy of this module (a check bundled apart from its runner has its own).
export function isCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'WaitError' && (error as WaitError).reason === 'cancelled';
}
