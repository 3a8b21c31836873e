import { closeSync, constants, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';

/** The descriptor the sandboxed verifier gets its results channel on (a named pipe only the grader reads), named in its command line. */
export const RESULTS_FD = 4;

const O_CLOEXEC = 0o2000000;

// Run first thing in the sandboxed verifier, before it starts any program. A descriptor it inherited (from
// bwrap, and through it from grade's own parent: a terminal, a CI runner's pipes) and that is not
// close-on-exec would pass on to the student's programs (node marks its own, and at its start the lowest
// few it inherited, but not fd 251, say), so each such one above stdio is closed. The results channel is
// opened again through /proc (node opens close-on-exec) and its inherited descriptor closed, so the verifier
// alone holds it: not bwrap's init, whose descriptors a program in the sandbox may open, nor any program
// the verifier starts. Returns the channel's new descriptor, or undefined when given none (`resultsFd`).
export function takeResultsChannel(resultsFd: number | undefined): number | undefined {
  let channel: number | undefined;
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd === resultsFd) {
      channel = openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY);
      closeSync(fd);
    } else if (fd >= 3 && closesOnExec(fd) === false) closeSync(fd);
  }
  return channel;
}

/** Writes all of `text` to `fd` (a pipe may take a long line in parts). */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}

// Whether `fd` is closed on exec, from /proc/self/fdinfo's octal flags; undefined when it is gone.
function closesOnExec(fd: number): boolean | undefined {
  try {
    const flags = /^flags:\s+([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags === undefined ? undefined : (parseInt(flags, 8) & O_CLOEXEC) !== 0;
  } catch {
    return undefined;
  }
}
