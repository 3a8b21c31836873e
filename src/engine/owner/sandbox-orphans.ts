import { childrenOf, treeOf } from '../proc/process-tree.js';
import { isLive, readCommandName } from '../proc/process-table.js';
import { waitUntil } from '../terminate/wait-until.js';

/**
 * Inside grading's sandbox the verifier has a pid namespace of its own: pid 1 is bubblewrap's init, and
 * every other process is the verifier or something it started. The verifier's helpers (a private Redis or
 * PostgreSQL, the guardian) stay its children; a process handed to pid 1 left its program's tree on
 * purpose (setsid and a double fork), and with an empty environment it also dropped the run's mark. Such a
 * process outlives its run and its lesson: it could hold port 8000 while a later step leaves PORT unset, or
 * kill a later lesson's private Redis. Once this is on, every run's cleanup ends these processes too.
 */
let ownNamespace = false;

/** How long SIGKILLed orphans get to be gone. */
const KILL_WAIT_MS = 5_000;

/** A tree that forks as fast as it is killed is searched again at most this often. */
const MAX_KILL_ROUNDS = 5;

/**
 * Declares that this process's pid namespace holds nothing but it and what it started (grading's
 * sandbox). Refused (false) unless this process's parent is the namespace's init and that init is
 * bubblewrap's, so that no other use can make the workshop kill what it did not start.
 */
export function claimSandboxNamespace(): boolean {
  ownNamespace = process.ppid === 1 && readCommandName(1) === 'bwrap';
  return ownNamespace;
}

/** Every live process handed to the namespace's init other than this one, and their descendants; none unless claimed. */
export function sandboxOrphans(): number[] {
  if (!ownNamespace) return [];
  return (childrenOf(1) ?? []).filter((pid) => pid !== process.pid).flatMap((pid) => treeOf(pid));
}

/** SIGKILLs every orphan (see sandboxOrphans) until a search finds none; resolves with how many were killed. */
export async function endSandboxOrphans(): Promise<number> {
  const killed = new Set<number>();
  for (let round = 0; round < MAX_KILL_ROUNDS; round++) {
    const orphans = sandboxOrphans();
    if (orphans.length === 0) break;
    for (const pid of orphans) {
      killed.add(pid);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    await waitUntil(() => orphans.every((pid) => !isLive(pid)), KILL_WAIT_MS);
  }
  return killed.size;
}
