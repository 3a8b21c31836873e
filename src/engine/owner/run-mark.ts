import { ownerTag } from './owner.js';
import { hasProcTable, isLive, listPids, readVariable } from '../proc/process-table.js';

/**
 * Every learner's program is started with this variable, set to a value of its own run. Every process it
 * starts inherits it, whatever session or process group it moves to (setsid, detached: true, a double
 * fork), so cleanup finds them in /proc after the group kill. Inside a pid namespace (grading's sandbox)
 * the processes are still in this /proc under their outer pids, with the same environment.
 */
export const RUN_MARK_VARIABLE = 'SCALING_NODE_WORKSHOP_RUN';

let runs = 0;
const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0').slice(-digits);
const randomHex = (digits: number) => Array.from({ length: digits }, () => Math.floor(Math.random() * 16).toString(16)).join('');

// A new mark for one run: who started it (see ownerTag: a later workshop can tell that this one is gone),
// then a value of the run's own, shaped as a UUID: this process's count of runs and 80 random bits. No secret
// is needed (a process can always drop its mark), so not node:crypto, which costs a verification some 5 ms
// of CPU time to load.
export function newRunMark(): string {
  return `${ownerTag()}_${hex(process.pid, 8)}-${hex(++runs, 4)}-${randomHex(4)}-${randomHex(4)}-${randomHex(12)}`;
}

let scan: Map<string, number[]> | undefined;

// The mark of every live process that carries one (stopped ones included, zombies not): pid → mark.
export function markedProcesses(): Map<number, string> {
  const marked = new Map<number, string>();
  if (!hasProcTable) return marked;
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const mark = readVariable(pid, RUN_MARK_VARIABLE);
    if (mark !== undefined) marked.set(pid, mark);
  }
  return marked;
}

// Every live process (stopped ones included, zombies not) whose environment carries the run's mark.
// Empty where there is no /proc. One scan of /proc serves every caller of the same synchronous run of code
// (the programs of a check are stopped together); any later caller scans again.
export function processesMarked(mark: string): number[] {
  if (!hasProcTable) return [];
  if (!scan) {
    scan = scanMarks();
    queueMicrotask(() => (scan = undefined));
  }
  return (scan.get(mark) ?? []).filter(isLive);
}

function scanMarks(): Map<string, number[]> {
  const marks = new Map<string, number[]>();
  for (const [pid, mark] of markedProcesses()) marks.set(mark, [...(marks.get(mark) ?? []), pid]);
  return marks;
}
