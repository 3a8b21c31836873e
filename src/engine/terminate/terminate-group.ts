import { isLive, readProcess } from '../proc/process-table.js';
import { isGroupAlive } from './group-members.js';
import { ownRunProcesses, runProcesses, type RunIdentity } from './run-processes.js';
import { signalGroup } from './signal-group.js';
import { waitUntil } from './wait-until.js';

// How a run's cleanup went: whether it had to be asked or forced, how many of its processes had left its
// group, and whether nothing is left now.
export interface TerminateReport {
  wasAlive: boolean;
  forced: boolean;
  /** Processes found outside the program's process group (by the run's mark or as descendants). */
  escaped: number;
  /** Whether nothing of the run itself (its group, their descendants, its mark) is left now. */
  empty: boolean;
}

/** How long processes get to exit after SIGTERM before SIGKILL. */
export const TERMINATE_GRACE_MS = 300;

/** How long SIGKILLed processes get to be gone (the kernel needs a moment; a busy machine more). */
const KILL_WAIT_MS = 5_000;

/** A run whose processes fork as fast as they are killed is searched again at most this often. */
const MAX_KILL_ROUNDS = 5;

// Ends a run: SIGTERM (and SIGCONT, so a stopped process can act on it) to its group and to every process
// of it outside the group, a short grace, SIGKILL to whatever is left (stopped ones too), and searches again
// until a search finds nothing: processes started during the grace are found then.
export async function terminateGroup(pgid: number, options: { mark?: string; graceMs?: number } = {}): Promise<TerminateReport> {
  const run: RunIdentity = { pgid, mark: options.mark };
  const first = runProcesses(run);
  if (first.length === 0) return { wasAlive: false, forced: false, escaped: 0, empty: true };
  const escaped = new Set<number>();
  const send = (pids: readonly number[], signal: NodeJS.Signals) => {
    signalGroup(pgid, signal);
    for (const pid of pids) signalPid(pid, signal);
  };
  const outsideGroup = (pids: readonly number[]) => {
    for (const pid of pids) if (readProcess(pid)?.pgid !== pgid) escaped.add(pid);
  };
  outsideGroup(first);
  send(first, 'SIGTERM');
  send(first, 'SIGCONT');
  let forced = false;
  let left: number[] = first;
  // The group is asked too: without /proc, signalling it is the only way to see it.
  const gone = () => (left = left.filter(isLive)).length === 0 && !isGroupAlive(pgid);
  if (!(await waitUntil(gone, options.graceMs ?? TERMINATE_GRACE_MS))) forced = true;
  for (let round = 0; round < MAX_KILL_ROUNDS; round++) {
    // Searched again each round (after a wait, so on a fresh scan): what the run started meanwhile.
    left = [...new Set([...left, ...runProcesses(run)])].filter(isLive);
    if (left.length === 0 && !isGroupAlive(pgid)) break;
    outsideGroup(left);
    forced = true;
    send(left, 'SIGKILL');
    await waitUntil(gone, KILL_WAIT_MS);
  }
  return { wasAlive: true, forced, escaped: escaped.size, empty: ownRunProcesses(run).length === 0 };
}

// Kills a run at once, synchronously: for the workshop's own exit, when there is no time to wait.
export function killGroupNow(pgid: number, mark?: string): void {
  signalGroup(pgid, 'SIGKILL');
  if (mark !== undefined) for (const pid of runProcesses({ pgid, mark })) signalPid(pid, 'SIGKILL');
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}
