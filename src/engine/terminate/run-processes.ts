import { isLive } from '../proc/process-table.js';
import { liveTree } from '../proc/process-tree.js';
import { processesMarked } from '../owner/run-mark.js';
import { sandboxOrphans } from '../owner/sandbox-orphans.js';
import { groupMembers } from './group-members.js';

// A learner's run as cleanup sees it: its process group (pgid = the program's pid) and the mark its
// environment carries.
export interface RunIdentity {
  pgid: number;
  mark?: string;
}

// Every live process of a run: its group, every descendant of a member, and every process with its mark
// (those that left the group: setsid, detached: true, a double fork), and in grading's sandbox every process
// that left the verifier's tree, marked or not (see sandboxOrphans). Stopped processes count; zombies do not.
export function runProcesses(run: RunIdentity): number[] {
  const found = new Set(ownRunProcesses(run));
  for (const pid of sandboxOrphans()) found.add(pid);
  return [...found].sort((a, b) => a - b);
}

// The run's own live processes: its group, their descendants and those with its mark, without the sandbox's
// orphans. Whether a run was stopped is judged by these: when two programs of a check stop at once, one's
// cluster workers are orphans for a moment (their primary was killed first) while the other's cleanup looks.
export function ownRunProcesses(run: RunIdentity): number[] {
  const found = new Set(groupGone(run.pgid) ? [] : (liveTree(run.pgid) ?? groupMembers(run.pgid)));
  if (run.mark !== undefined) for (const pid of processesMarked(run.mark)) found.add(pid);
  return [...found].sort((a, b) => a - b);
}

// True when the group has no process left and its leader has exited: then no process is in the group or
// descends from one of its members (the leader's children were handed to another parent when it exited),
// which the kernel says at once, without the scan of every process that liveTree makes. The usual case
// once a program has ended by itself.
function groupGone(pgid: number): boolean {
  if (isLive(pgid)) return false;
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
