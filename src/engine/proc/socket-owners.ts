import { openDescriptors } from './descriptors.js';

// The socket inodes a process holds open (its /proc/<pid>/fd links "socket:[inode]"); empty when unreadable.
export function socketInodesOf(pid: number): Set<number> {
  const inodes = new Set<number>();
  for (const { target } of openDescriptors(pid)) {
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(Number(match[1]));
  }
  return inodes;
}

// Which of the given processes holds a socket: its pid, or undefined when none of them does.
export function ownerOfSocket(inode: number, pids: readonly number[]): number | undefined {
  return pids.find((pid) => socketInodesOf(pid).has(inode));
}
