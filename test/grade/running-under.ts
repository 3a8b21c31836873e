import { readFileSync } from 'node:fs';
import { listProcesses, readCommandLine } from '../../src/engine/proc/process-table.js';

// The live processes whose command line names something under `dir` (a student's program copied there,
// its workers, the children it spawned on its own file).
export function processesRunningUnder(dir: string): { pid: number; command: string }[] {
  return listProcesses()
    .filter((info) => info.pid !== process.pid)
    .map((info) => ({ pid: info.pid, command: readCommandLine(info.pid)?.join(' ') ?? '' }))
    .filter((found) => found.command.includes(dir));
}

// The processes under `dir` that will go on living: those neither exiting (PF_EXITING in /proc/<pid>/stat's
// flags) nor holding a SIGKILL not yet acted on. A process killed a moment ago is in the table until the
// kernel has torn it down, which takes longer on a busy machine; it is not left running.
export function processesLivingUnder(dir: string): { pid: number; command: string }[] {
  return processesRunningUnder(dir).filter((found) => !condemned(found.pid));
}

const PF_EXITING = 0x4;
const SIGKILL_BIT = 1n << 8n;

function condemned(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const flags = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[6]);
    if ((flags & PF_EXITING) !== 0) return true;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return ['SigPnd', 'ShdPnd'].some((field) => (BigInt(`0x${new RegExp(`^${field}:\\s*([0-9a-f]+)`, 'm').exec(status)?.[1] ?? '0'}`) & SIGKILL_BIT) !== 0n);
  } catch {
    return true;
  }
}
