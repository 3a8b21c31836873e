import { closeSync, openSync, readSync } from 'node:fs';

/** Where the verifier's loader is inside the sandbox: a copy of node's ELF interpreter that no one there may read. */
export const VERIFIER_LOADER = '/.verifier-loader';

// Why the verifier starts through a copy of node's own ELF interpreter (ld.so) that it cannot read: Linux
// marks a process that executes a file it may not read as not dumpable, and the kernel then refuses every
// process without CAP_SYS_PTRACE (the sandbox drops them all) access to it: ptrace, pidfd_getfd,
// /proc/<pid>/fd, mem and environ. The student's programs, started from the verifier as plain node,
// stay dumpable, so the verifier still reads their /proc. Copying the interpreter (a few hundred KB) is
// cheaper than copying node itself (about 100 MB).

/** The ELF interpreter that loads `executable` (PT_INTERP: /lib64/ld-linux-x86-64.so.2), or undefined (not a dynamically linked 64-bit little-endian ELF). */
export function elfInterpreter(executable: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(executable, 'r');
    const header = Buffer.alloc(64);
    if (readSync(fd, header, 0, 64, 0) < 64) return undefined;
    // \x7fELF, 64-bit (class 2), little-endian (data 1).
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2 || header[5] !== 1) return undefined;
    const tableOffset = Number(header.readBigUInt64LE(0x20));
    const entrySize = header.readUInt16LE(0x36);
    const entries = header.readUInt16LE(0x38);
    const table = Buffer.alloc(entrySize * entries);
    readSync(fd, table, 0, table.length, tableOffset);
    for (let index = 0; index < entries; index++) {
      const at = index * entrySize;
      if (table.readUInt32LE(at) !== PT_INTERP) continue;
      const name = Buffer.alloc(Number(table.readBigUInt64LE(at + 32)));
      readSync(fd, name, 0, name.length, Number(table.readBigUInt64LE(at + 8)));
      return name.toString('latin1').replace(/\0+$/, '') || undefined;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const PT_INTERP = 3;
