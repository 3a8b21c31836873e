import type { Readable } from 'node:stream';

/**
 * Past its cap, a stream is read one chunk (at most its buffer, about 64 KB) per this interval. Reading a
 * flood at full speed would cost the verifier a core, and every chunk read is a buffer that lives until V8
 * next collects (tens of MB); stopping for good would block the program on a full pipe, so it could never
 * end. Slowly, the program still runs (and can exit) and its flood costs next to nothing.
 */
export const DRAIN_INTERVAL_MS = 100;

// From now on, lets a stream deliver one chunk per interval; returns the function that stops the pacing.
export function drainSlowly(stream: Readable, intervalMs = DRAIN_INTERVAL_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  const pace = () => {
    stream.pause();
    clearTimeout(timer);
    // The program's own handle keeps the event loop alive while it runs; the pacing must not.
    timer = setTimeout(() => stream.resume(), intervalMs).unref();
  };
  const stop = () => {
    clearTimeout(timer);
    stream.off('data', pace);
    stream.off('close', stop);
  };
  stream.on('data', pace);
  stream.once('close', stop);
  pace();
  return stop;
}
