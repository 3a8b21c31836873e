import { readdirSync, readFileSync } from 'node:fs';

// A live process as the process table shows it.
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  /** CPU time used so far (user + system, all its threads), in USER_HZ ticks (see CPU_TICKS_PER_SECOND). */
  cpuTicks: number;
}

/** /proc counts CPU time in USER_HZ ticks: 100 a second on every Linux architecture node runs on. */
export const CPU_TICKS_PER_SECOND = 100;

/** True where /proc can be read (Linux); elsewhere callers fall back to kill(pid, 0). */
export const hasProcTable = (() => {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
})();

// Reads one /proc/<pid>/stat line; undefined when the process is gone.
export function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may itself contain spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0] ?? '?', ppid: Number(fields[1]), pgid: Number(fields[2]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
}

// Every process on the machine that is not a zombie (zombies have exited; they only wait to be reaped).
export function listProcesses(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    const info = readProcess(Number(entry));
    if (info && info.state !== 'Z' && info.state !== 'X') result.push(info);
  }
  return result;
}

// The command line a process was started with, or undefined where it cannot be read.
export function readCommandLine(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((part, index, parts) => part !== '' || index < parts.length - 1);
  } catch {
    return undefined;
  }
}

// True while a process exists and has not exited (a zombie has; a stopped process has not).
export function isLive(pid: number): boolean {
  const info = readProcess(pid);
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
}

// The value of a variable in the environment a process was started with; undefined when it has none,
// or when the environment cannot be read (the process is gone, a zombie, or another user's).
export function readVariable(pid: number, name: string): string | undefined {
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return undefined;
  }
  const entry = `${name}=`;
  const start = environ.startsWith(entry) ? 0 : environ.indexOf(`\0${entry}`) + 1;
  if (start === 0 && !environ.startsWith(entry)) return undefined;
  const end = environ.indexOf('\0', start);
  return environ.slice(start + entry.length, end === -1 ? undefined : end);
}

// How one thread of a process (by default its main thread) is doing: its state and how often it has stopped
// running (context switches, from /proc/<pid>/task/<tid>/status, which counts them for that thread alone);
// undefined when it is gone.
export function readThread(pid: number, tid: number | string = pid): { state: string; switches: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => /^(\S+)/.exec(status.slice(status.indexOf(`${name}:`) + name.length + 1).trimStart())?.[1] ?? '';
  return { state: field('State'), switches: Number(field('voluntary_ctxt_switches')) + Number(field('nonvoluntary_ctxt_switches')) };
}

// The thread ids of a process (from /proc/<pid>/task), in no order; undefined when it is gone or there is no /proc.
export function threadIds(pid: number): number[] | undefined {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return undefined;
  }
}
