import type { OutputCapture } from '../program/output-capture.js';

const addressInUse = /EADDRINUSE/;

// The line of an output that says a port was already taken (node's `listen EADDRINUSE: address already in use`).
export function findAddressInUse(capture: { readonly lines: readonly string[] }): string | undefined {
  return capture.lines.find((line) => addressInUse.test(line));
}

// Calls back once, with the line, when an output says a port was already taken; returns the unsubscribe function.
export function onAddressInUse(capture: OutputCapture, listener: (line: string) => void): () => void {
  const seen = findAddressInUse(capture);
  if (seen !== undefined) {
    listener(seen);
    return () => {};
  }
  const off = capture.onLine((line) => {
    if (!addressInUse.test(line)) return;
    off();
    listener(line);
  });
  return off;
}
