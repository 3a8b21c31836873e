import { StringDecoder } from 'node:string_decoder';

/** About 1 MB of each stream is kept; the rest is read, counted and dropped, so a flood cannot exhaust memory. */
export const DEFAULT_CAPTURE_BYTES = 1_000_000;

/**
 * A kept line costs memory of its own (a string and its slot, about 32 bytes): a flood of short lines is
 * capped by their count too, at one line per this many bytes of the cap.
 */
const BYTES_PER_KEPT_LINE = 16;

export type StreamName = 'stdout' | 'stderr';

// When a stream went past its cap: which limit it passed, and when.
export interface Overflow {
  stream: StreamName;
  /** What the output went past: its byte cap, or the count of lines that cap allows. */
  limit: { bytes: number } | { lines: number };
  /** Date.now() when the byte past the cap arrived. */
  at: number;
}

// One output stream of a learner's program: its first capBytes as text and complete lines, a count of
// everything, and listeners for new lines. Past the cap, chunks are only counted: not decoded, not split,
// not kept, so nothing grows with the output (an endless line included).
export class OutputCapture {
  readonly lines: string[] = [];
  ended = false;
  /** Bytes received in all, kept or not. */
  bytes = 0;
  /** Set once the output went past the cap. */
  overflow: Overflow | undefined;
  #text = '';
  #partial = '';
  #decoder = new StringDecoder('utf8');
  #listeners = new Set<(line: string, index: number) => void>();
  #endListeners = new Set<() => void>();
  #overflowListeners = new Set<(overflow: Overflow) => void>();

  /** The most lines kept (see BYTES_PER_KEPT_LINE). */
  readonly capLines: number;

  constructor(
    readonly name: StreamName,
    readonly capBytes = DEFAULT_CAPTURE_BYTES,
  ) {
    this.capLines = Math.ceil(capBytes / BYTES_PER_KEPT_LINE);
  }

  /** The kept text: the first capBytes bytes, decoded. */
  get text(): string {
    return this.#text;
  }

  /** True once output past the cap was dropped. */
  get truncated(): boolean {
    return this.overflow !== undefined;
  }

  push(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (bytes.length === 0) return;
    const room = this.capBytes - this.bytes;
    this.bytes += bytes.length;
    if (this.overflow) return;
    if (room <= 0) return this.#overflowed({ bytes: this.capBytes });
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    const text = this.#decoder.write(kept);
    this.#text += text;
    this.#splitLines(text);
    if (kept !== bytes && !this.overflow) this.#overflowed({ bytes: this.capBytes });
  }

  end(): void {
    if (this.ended) return;
    if (!this.truncated) {
      const rest = this.#decoder.end();
      if (rest) {
        this.#text += rest;
        this.#splitLines(rest);
      }
      // A last line without a newline is still a line; one cut by the cap is not what the program printed.
      if (this.#partial !== '' && this.lines.length === this.capLines) this.#overflowed({ lines: this.capLines });
      else if (this.#partial !== '') this.#emit(this.#partial);
    }
    this.#partial = '';
    this.ended = true;
    for (const listener of this.#endListeners) listener();
  }

  /** Calls back for every complete line from now on (none past the cap); returns the unsubscribe function. */
  onLine(listener: (line: string, index: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls back once the stream has ended; returns the unsubscribe function. */
  onEnd(listener: () => void): () => void {
    this.#endListeners.add(listener);
    return () => this.#endListeners.delete(listener);
  }

  /** Calls back once, when the output goes past the cap; returns the unsubscribe function. */
  onOverflow(listener: (overflow: Overflow) => void): () => void {
    this.#overflowListeners.add(listener);
    return () => this.#overflowListeners.delete(listener);
  }

  #overflowed(limit: Overflow['limit']): void {
    this.overflow = { stream: this.name, limit, at: Date.now() };
    // The text cut at the cap ends in a partial line: it stays in the text, never becomes a line.
    this.#partial = '';
    for (const listener of this.#overflowListeners) listener(this.overflow);
  }

  #splitLines(text: string): void {
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      if (this.lines.length === this.capLines) return this.#overflowed({ lines: this.capLines });
      const line = this.#partial + text.slice(start, newline);
      this.#partial = '';
      this.#emit(line);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    // Within the cap, so a line without an end cannot grow past it.
    this.#partial += text.slice(start);
  }

  #emit(line: string): void {
    const index = this.lines.length;
    this.lines.push(line);
    for (const listener of this.#listeners) listener(line, index);
  }
}
