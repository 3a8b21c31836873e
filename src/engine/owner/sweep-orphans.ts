import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasProcTable, processesWorkingWhere, readProcess } from '../proc/process-table.js';
import { killInRoundsSync, sigkill } from '../terminate/kill-rounds.js';
import { markedProcesses } from './run-mark.js';
import { OWNER_FOLDER_PREFIX, ownerAlive, ownPidNamespace, parseOwner } from './owner.js';

// What a sweep found and ended.
export interface Swept {
  processes: number;
  folders: number;
}

// A run folder's name: a prefix of ours, its owner, mkdtemp's six characters (see makeTempFolder).
const RUN_FOLDER = /^snw-[a-z]+-o\d+_\d+_\d+_[A-Za-z0-9]{6}$/;
// A path inside a run folder.
const IN_RUN_FOLDER = /\/(snw-[a-z]+-o\d+_\d+_\d+_[A-Za-z0-9]{6})(\/|$)/;

// True when what the text names was made by a workshop of this pid namespace that is no longer alive.
function orphaned(text: string, namespace: number): boolean {
  const owner = parseOwner(text);
  return owner !== undefined && owner.pidNamespace === namespace && !ownerAlive(owner);
}

/**
 * Ends what workshops that were killed left behind (their own cleanup never ran): every process whose
 * run mark, or whose working folder's name, names an owner that is gone (programs, their workers, private
 * redis-servers), SIGKILLed with its process group, and every run folder in `root` whose name does. Programs
 * of live workshops, and runs of another pid namespace (grading's sandbox), are left alone. /proc is searched
 * only when `root` holds a run folder of a dead owner; nothing happens where there is no /proc.
 */
export function sweepOrphans(root = tmpdir()): Swept {
  if (!hasProcTable) return { processes: 0, folders: 0 };
  const namespace = ownPidNamespace();
  let entries: string[] = [];
  try {
    entries = readdirSync(root);
  } catch {
    // No temporary folder to look in: nothing was left there.
  }
  // A workshop with runs has an owner folder (see startGuardian) until it exits: with none of a dead owner
  // here, no workshop was killed with runs, and /proc is not searched.
  const orphanedFolders = entries.filter((entry) => RUN_FOLDER.test(entry) && orphaned(entry, namespace));
  if (orphanedFolders.length === 0) return { processes: 0, folders: 0 };
  const killed = killInRoundsSync(
    () => {
      const found = [...markedProcesses()].filter(([, mark]) => orphaned(mark, namespace)).map(([pid]) => pid);
      // Those whose mark is unreadable (redis-server writes its title over its environment) by their working folder.
      for (const pid of workingInRunFolders(namespace)) if (!found.includes(pid)) found.push(pid);
      return found;
    },
    (pid) => {
      // Its group goes too when it leads one (a program and its workers): members that wiped their environment.
      if (readProcess(pid)?.pgid === pid) sigkill(-pid);
      sigkill(pid);
    },
  );
  let folders = 0;
  for (const entry of orphanedFolders) {
    try {
      rmSync(path.join(root, entry), { recursive: true, force: true });
      // The owner folder is the workshop's bookkeeping, not a folder of its runs.
      if (!entry.startsWith(OWNER_FOLDER_PREFIX)) folders++;
    } catch {
      // Another workshop removing it at the same moment, or not ours to remove: left as it is.
    }
  }
  return { processes: killed.size, folders };
}

// Processes working in a run folder of a workshop that is gone (a private redis-server, a graded program).
function workingInRunFolders(namespace: number): number[] {
  return processesWorkingWhere((cwd) => {
    const folder = IN_RUN_FOLDER.exec(cwd)?.[1];
    return folder !== undefined && orphaned(folder, namespace);
  });
}

/** What a sweep did, in one line for the learner; undefined when it found nothing. */
export function describeSwept(swept: Swept): string | undefined {
  const parts: string[] = [];
  if (swept.processes > 0) parts.push(`stopped ${swept.processes} ${swept.processes === 1 ? 'process' : 'processes'}`);
  if (swept.folders > 0) parts.push(`removed ${swept.folders} ${swept.folders === 1 ? 'folder' : 'folders'}`);
  if (parts.length === 0) return undefined;
  return `${parts.join(' and ')} left by a workshop that was killed`;
}
