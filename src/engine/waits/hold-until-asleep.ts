import type { Readable } from 'node:stream';
import { hasProcTable, readThread } from '../proc/process-table.js';

/**
 * How long the program's main thread must sleep without waking once (same context-switch count, state S
 * at both ends) while its stdout is unread: then it waits on the full pipe. A program still at work wakes
 * far more often (for its input, a timer, anything), and our own write to its stdin wakes it at once.
 */
export const ASLEEP_MS = 50;

/** Why a held stream is read again: the program exited, or it sleeps waiting for its output to be read. */
export type HoldEnd = 'exited' | 'asleep';

// Stops reading a program's output stream, as a slow reader does, until the program has exited or its main
// thread sleeps (from /proc) with the output unread (`exited`: the exit itself, not the end of its output); then reads it again, to its end. Where there is no /proc
// nothing is held: resolves with undefined at once. The stream buffers at most its high-water mark meanwhile.
export function holdUntilAsleep(stream: Readable, pid: number, exited: Promise<unknown>): Promise<HoldEnd | undefined> {
  if (!hasProcTable || readThread(pid) === undefined) return Promise.resolve(undefined);
  stream.pause();
  return new Promise<HoldEnd>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let last = readThread(pid);
    let released = false;
    const release = (why: HoldEnd) => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      stream.off('close', onClose);
      stream.resume();
      resolve(why);
    };
    const onClose = () => release('exited');
    const sample = () => {
      const now = readThread(pid);
      if (now === undefined) return release('exited');
      if (now.state === 'S' && last?.state === 'S' && now.switches === last.switches) return release('asleep');
      last = now;
      // Each sample is its own turn of our event loop: the stdin we owe the program is written in between.
      timer = setTimeout(sample, ASLEEP_MS).unref();
    };
    stream.once('close', onClose);
    void exited.then(() => release('exited'));
    timer = setTimeout(sample, ASLEEP_MS).unref();
  });
}
