import { readdirSync, readFileSync } from 'node:fs';
import { hasProcTable, listProcesses, readProcess } from './process-table.js';

const isLive = (pid: number) => {
  const info = readProcess(pid);
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
};

// The live children of a process (zombies excluded: they have exited), or undefined where there is no /proc.
// Reads /proc/<pid>/task/*/children, which the kernel keeps per thread; falls back to a scan of every process.
export function childrenOf(pid: number): number[] | undefined {
  if (!hasProcTable) return undefined;
  const fromTasks = childrenFromTasks(pid);
  const children = fromTasks ?? listProcesses().filter((info) => info.ppid === pid).map((info) => info.pid);
  return children.filter(isLive);
}

// A process and every live descendant it has now (from /proc/<pid>/task/*/children: a few reads, not a
// scan); the process alone where there is no /proc.
export function treeOf(pid: number): number[] {
  return walkTree(pid, false)!;
}

// A process and every live descendant, as treeOf; undefined when the children of one of them cannot be
// listed (no /proc): for a judgement that a process left out could make wrong.
export function wholeTreeOf(pid: number): number[] | undefined {
  return walkTree(pid, true);
}

// Walks a process's descendants. A process whose children cannot be listed ends the walk with undefined
// when `whole`, else it is taken to have none.
function walkTree(pid: number, whole: boolean): number[] | undefined {
  const pids = [pid];
  for (let index = 0; index < pids.length; index++) {
    const children = childrenOf(pids[index]!);
    if (!children && whole) return undefined;
    pids.push(...(children ?? []));
  }
  return pids;
}

function childrenFromTasks(pid: number): number[] | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const task of tasks) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch (error) {
      // The kernel may be built without the children file: scan instead. A thread that ended is no loss.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && tasks.length > 0 && task === String(pid)) return undefined;
      continue;
    }
    for (const part of text.split(' ')) if (part.trim() !== '') children.push(Number(part));
  }
  return children;
}

// Every live process a program's tree holds: its process group and any descendant of its leader,
// or undefined where there is no /proc.
export function liveTree(leader: number): number[] | undefined {
  if (!hasProcTable) return undefined;
  const processes = listProcesses();
  const members = new Set(processes.filter((info) => info.pgid === leader).map((info) => info.pid));
  if (isLive(leader)) members.add(leader);
  const byParent = new Map<number, number[]>();
  for (const info of processes) byParent.set(info.ppid, [...(byParent.get(info.ppid) ?? []), info.pid]);
  const queue = [leader, ...members];
  while (queue.length > 0) {
    for (const child of byParent.get(queue.pop()!) ?? []) {
      if (members.has(child)) continue;
      members.add(child);
      queue.push(child);
    }
  }
  return [...members].sort((a, b) => a - b);
}
