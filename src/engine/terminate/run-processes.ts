import { liveTree } from '../process-tree.js';
import { processesMarked } from '../run-mark.js';
import { groupMembers } from './group-members.js';

// A learner's run as cleanup sees it: its process group (pgid = the program's pid) and the mark its
// environment carries.
export interface RunIdentity {
  pgid: number;
  mark?: string;
}

// Every live process of a run: its group, every descendant of a member, and every process with its mark
// (those that left the group: setsid, detached: true, a double fork). Stopped processes count; zombies do not.
export function runProcesses(run: RunIdentity): number[] {
  const found = new Set(liveTree(run.pgid) ?? groupMembers(run.pgid));
  if (run.mark !== undefined) for (const pid of processesMarked(run.mark)) found.add(pid);
  return [...found].sort((a, b) => a - b);
}
