import { opendirSync, readlinkSync } from 'node:fs';

/** One open file descriptor of a process: its /proc path (stat it to reach the file) and what it points at. */
export interface OpenDescriptor {
  /** `/proc/<pid>/fd/<fd>`. */
  link: string;
  /** The link's target: a path, `socket:[inode]`, `pipe:[inode]`, `/memfd:name (deleted)`… */
  target: string;
}

/** The process's open descriptors; none when it is gone or not ours to read. Those closed meanwhile are left out. */
export function openDescriptors(pid: number): OpenDescriptor[] {
  const open: OpenDescriptor[] = [];
  visitDescriptors(pid, (descriptor) => open.push(descriptor) > 0);
  return open;
}

/**
 * Calls `visit` with each open descriptor of the process until it returns false; returns how many it
 * visited. The folder is read as it goes, so a process holding a million descriptors costs only those
 * visited. Nothing happens when the process is gone or not ours to read.
 */
export function visitDescriptors(pid: number, visit: (descriptor: OpenDescriptor) => boolean): number {
  let folder;
  try {
    folder = opendirSync(`/proc/${pid}/fd`);
  } catch {
    return 0;
  }
  let visited = 0;
  try {
    for (let entry = folder.readSync(); entry !== null; entry = folder.readSync()) {
      const link = `/proc/${pid}/fd/${entry.name}`;
      let target: string;
      try {
        target = readlinkSync(link);
      } catch {
        continue; // Closed meanwhile.
      }
      visited++;
      if (!visit({ link, target })) break;
    }
  } catch {
    // The process ended while its folder was read.
  } finally {
    folder.closeSync();
  }
  return visited;
}
