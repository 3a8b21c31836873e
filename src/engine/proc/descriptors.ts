import { readdirSync, readlinkSync } from 'node:fs';

/** One open file descriptor of a process: its /proc path (stat it to reach the file) and what it points at. */
export interface OpenDescriptor {
  /** `/proc/<pid>/fd/<fd>`. */
  link: string;
  /** The link's target: a path, `socket:[inode]`, `pipe:[inode]`, `/memfd:name (deleted)`… */
  target: string;
}

/** The process's open descriptors; none when it is gone or not ours to read. Those closed meanwhile are left out. */
export function openDescriptors(pid: number): OpenDescriptor[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const open: OpenDescriptor[] = [];
  for (const fd of fds) {
    const link = `/proc/${pid}/fd/${fd}`;
    try {
      open.push({ link, target: readlinkSync(link) });
    } catch {
      // Closed meanwhile.
    }
  }
  return open;
}
