import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';

// The one place that reads /proc for processes and threads (proc/tcp-table.ts reads it for sockets): every
// reader answers undefined (or nothing) when the process is gone, not ours to read, or there is no /proc.

// A live process as the process table shows it.
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  /** CPU time used so far (user + system, all its threads), in USER_HZ ticks (see CPU_TICKS_PER_SECOND). */
  cpuTicks: number;
  /** CPU time of its children that have exited and that it has reaped (theirs in turn included), in ticks. */
  reapedCpuTicks: number;
  /** When it started, in USER_HZ ticks after boot: with the pid, names one process for good. */
  startTicks: number;
  /** Its threads now (the main one included). */
  threads: number;
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
  return { pid, state: fields[0] ?? '?', ppid: Number(fields[1]), pgid: Number(fields[2]), cpuTicks: Number(fields[11]) + Number(fields[12]), reapedCpuTicks: Number(fields[13]) + Number(fields[14]), startTicks: Number(fields[19]), threads: Number(fields[17]) };
}

/** The pid of every process on the machine, zombies included; empty where there is no /proc. */
export function listPids(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((entry) => entry.charCodeAt(0) >= 48 && entry.charCodeAt(0) <= 57).map(Number);
}

// Every process on the machine that is not a zombie (zombies have exited; they only wait to be reaped).
export function listProcesses(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const pid of listPids()) {
    const info = readProcess(pid);
    if (info && info.state !== 'Z' && info.state !== 'X') result.push(info);
  }
  return result;
}

// A process's command name (/proc/<pid>/comm: its executable's name, at most 15 bytes), or undefined.
export function readCommandName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trimEnd();
  } catch {
    return undefined;
  }
}

/**
 * At most this much of a command line is read: enough for any command a check judges, while a program
 * whose children each carry megabytes of arguments cannot make the workshop read and keep them all.
 */
export const COMMAND_LINE_CAP_BYTES = 16 * 1024;
const commandLineBuffer = Buffer.alloc(COMMAND_LINE_CAP_BYTES);

// The command line a process was started with (its first COMMAND_LINE_CAP_BYTES), or undefined where it
// cannot be read.
export function readCommandLine(pid: number): string[] | undefined {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/cmdline`, 'r');
  } catch {
    return undefined;
  }
  try {
    let length = 0;
    for (let read = -1; read !== 0 && length < commandLineBuffer.length; length += read) {
      read = readSync(fd, commandLineBuffer, length, commandLineBuffer.length - length, null);
    }
    const raw = commandLineBuffer.toString('utf8', 0, length);
    return raw.split('\0').filter((part, index, parts) => part !== '' || index < parts.length - 1);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

// True while a process exists and has not exited (a zombie has; a stopped process has not).
export function isLive(pid: number): boolean {
  const info = readProcess(pid);
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
}

// The environment a process was started with, as /proc/<pid>/environ holds it ('' for a zombie).
function readEnviron(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether a process's environment has the variable; undefined when it cannot be read (gone, a zombie, another user's). */
export function hasVariable(pid: number, name: string): boolean | undefined {
  const environ = readEnviron(pid);
  if (environ === undefined || environ === '') return undefined;
  return environ.split('\0').some((entry) => entry.startsWith(`${name}=`));
}

// The value of a variable in the environment a process was started with; undefined when it has none,
// or when the environment cannot be read (the process is gone, a zombie, or another user's).
export function readVariable(pid: number, name: string): string | undefined {
  const environ = readEnviron(pid);
  if (environ === undefined) return undefined;
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

/** The ids of a process's threads (its /proc/<pid>/task entries); undefined when it is gone. */
export function readThreadIds(pid: number): string[] | undefined {
  try {
    return readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
}

/** The system call a thread is in and its arguments, as /proc/<pid>/task/<tid>/syscall says; undefined when not ours to read. */
export function readSyscall(pid: number, tid: number | string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/syscall`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Bytes a process has written so far, to anything (/proc/<pid>/io wchar); undefined where it cannot be read. */
export function readBytesWritten(pid: number): number | undefined {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The memory one process holds of its own, in kB: its resident anonymous memory (RssAnon: heap, buffers,
 * stacks), not the pages of the binary and libraries that processes share; VmRSS on kernels before 4.5,
 * which lack RssAnon. Undefined when it is gone or cannot be read.
 */
export function readOwnMemoryKb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^RssAnon:\s+(\d+) kB$/m.exec(status) ?? /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The effective capabilities of a process ('self': this one); undefined where they cannot be read. */
export function readCapabilities(pid: number | 'self'): bigint | undefined {
  try {
    const effective = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return effective === undefined ? undefined : BigInt(`0x${effective}`);
  } catch {
    return undefined;
  }
}

/** The folder a process works in; undefined when it is gone or not ours to read. */
export function readWorkingFolder(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

/** Every other process whose working folder passes `test` (those not ours to read are skipped). */
export function processesWorkingWhere(test: (folder: string) => boolean): number[] {
  return listPids().filter((pid) => {
    if (pid === process.pid) return false;
    const folder = readWorkingFolder(pid);
    return folder !== undefined && test(folder);
  });
}

/** The inode of a process's pid namespace ('self': this one's; /proc/<pid>/ns/pid is "pid:[4026531836]"); 0 where unknown. */
export function readPidNamespace(pid: number | 'self'): number {
  try {
    return Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/pid`))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
