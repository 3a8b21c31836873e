import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import path from 'node:path';

/** A lesson file larger than this is not a lesson file: it is not read. */
export const SUBMISSION_CAP_BYTES = 1_000_000;

// Why what stands in a lesson file's place is not a file to grade, in the report's words, or undefined
// for a regular file. From lstat: a link is never followed, a pipe or device never opened.
export function whyNotAFile(stats: Stats): string | undefined {
  if (stats.isFile()) return stats.size > SUBMISSION_CAP_BYTES ? `is larger than ${SUBMISSION_CAP_BYTES / 1_000_000} MB; a lesson file is a few kB` : undefined;
  if (stats.isSymbolicLink()) return 'is a symbolic link; hand in the file itself';
  if (stats.isDirectory()) return 'is a folder; hand in the file itself';
  if (stats.isFIFO()) return 'is a named pipe (FIFO); hand in the file itself';
  if (stats.isSocket()) return 'is a socket; hand in the file itself';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device; hand in the file itself';
  return 'is not a regular file; hand in the file itself';
}

// Reads a student's lesson file without following or blocking on anything: lstat first, then an open that
// neither follows a link (O_NOFOLLOW) nor waits on a pipe (O_NONBLOCK), checked to be the same regular file
// (it may have been swapped in between). Returns its bytes, or why it was not read.
export function readSubmission(file: string): { content: Buffer } | { problem: string } {
  const name = path.basename(file);
  let fd: number | undefined;
  try {
    const before = lstatSync(file);
    const notFile = whyNotAFile(before);
    if (notFile) return { problem: `${name} ${notFile}` };
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const opened = fstatSync(fd);
    if (!opened.isFile() || opened.ino !== before.ino || opened.dev !== before.dev) return { problem: `${name} changed while it was read; hand in the file itself` };
    const content = Buffer.alloc(Math.min(opened.size, SUBMISSION_CAP_BYTES));
    let read = 0;
    while (read < content.length) {
      const got = readSync(fd, content, read, content.length - read, read);
      if (got === 0) break;
      read += got;
    }
    return { content: content.subarray(0, read) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ELOOP' ? `${name} is a symbolic link; hand in the file itself` : `cannot read ${name} (${code ?? (error as Error).message})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
