import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { processesWorkingWhere, readProcess } from '../engine/proc/process-table.js';
import { killInRoundsSync } from '../engine/terminate/kill-rounds.js';

// grade's scratch folders are named after the grade that made them (its pid and start time), so a later
// grade can tell the folders of one that died without cleaning up (kill -9) from those of one still running.
const ownName = /^snw-grade-(\d+)\.(\d+)-/;

/** The name prefix of this process's scratch folders. */
export function scratchPrefix(): string {
  return `snw-grade-${process.pid}.${startTicks(process.pid) ?? 0}-`;
}

// Removes the scratch folders in `tempRoot` whose grade is gone (its pid ended, or now belongs to another
// process), after ending every process still working in one. Returns how many were removed. A sandbox
// nearly always dies with its grade (--die-with-parent), but bubblewrap's init arms that signal only once
// it is set up: a grade killed while a sandbox was starting (its guardian killed too) left the sandbox
// running, its verifier waiting, with no parent. Its init and verifier work in the scratch folder (--chdir);
// killing the init ends the whole sandbox (the kernel kills a pid namespace with its init).
export function removeLeftoverScratch(tempRoot: string): number {
  let names: string[];
  try {
    names = readdirSync(tempRoot);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = ownName.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (startTicks(pid) === Number(match[2])) continue;
    const folder = path.join(tempRoot, name);
    killInRoundsSync(() => processesWorkingWhere((cwd) => cwd === folder || cwd.startsWith(`${folder}/`)));
    try {
      rmSync(folder, { recursive: true, force: true });
      removed++;
    } catch {
      // Another grade removing it too, or not ours to remove: left alone.
    }
  }
  return removed;
}

// When a process started, in clock ticks since boot; undefined when it is gone or there is no /proc.
function startTicks(pid: number): number | undefined {
  return readProcess(pid)?.startTicks;
}
