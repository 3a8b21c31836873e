import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { ownerAlive, ownerTag, ownPidNamespace, parseOwner } from '../engine/owner/owner.js';

/** A holder updates progress in a few milliseconds: one still holding it after this long is stuck (stopped with Ctrl-Z, say). */
const STUCK_MS = 5_000;
/** How long to wait between tries while another workshop holds the lock. */
const RETRY_MS = 5;

// Waits synchronously (progress updates are synchronous, and short).
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// True when the lock file's holder can no longer release it: it is gone (by its owner tag), or the lock
// is older than STUCK_MS (a holder of another pid namespace, or one that is stuck).
function isStale(lockFile: string): boolean {
  try {
    const owner = parseOwner(`${readFileSync(lockFile, 'utf8')}_`);
    if (owner && owner.pidNamespace === ownPidNamespace() && !ownerAlive(owner)) return true;
    return Date.now() - statSync(lockFile).mtimeMs > STUCK_MS;
  } catch {
    // Gone meanwhile (released): the next try takes it.
    return false;
  }
}

/**
 * Runs `update` while holding `<file>.lock`, so that workshops updating the same file at once (two terminals
 * and the UI's watch mode) take turns and none loses another's change. The lock file holds its owner (see
 * ownerTag): a lock whose owner died is taken over at once, one held past STUCK_MS too.
 */
export function withFileLock<T>(file: string, update: () => T): T {
  const lockFile = `${file}.lock`;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(lockFile)) {
        try {
          unlinkSync(lockFile);
        } catch {
          // Another workshop took it over first.
        }
      } else pause(RETRY_MS);
      continue;
    }
    try {
      writeSync(fd, ownerTag());
    } finally {
      closeSync(fd);
    }
    try {
      return update();
    } finally {
      try {
        unlinkSync(lockFile);
      } catch {
        // Taken over as stuck meanwhile: the next holder removes it.
      }
    }
  }
}
