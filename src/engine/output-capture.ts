import { StringDecoder } from 'node:string_decoder';

/** About 1 MB of each stream is kept; the rest is drained and dropped so a flood cannot exhaust memory. */
export const DEFAULT_CAPTURE_BYTES = 1_000_000;

export type StreamName = 'stdout' | 'stderr';

// One output stream of a learner's program: capped text, its complete lines, and listeners for new lines.
export class OutputCapture {
  readonly lines: string[] = [];
  truncated = false;
  ended = false;
  #text = '';
  #partial = '';
  /** Characters of the lines emitted so far, newlines included: where the next line starts in the text. */
  #emittedChars = 0;
  #decoder = new StringDecoder('utf8');
  #listeners = new Set<(line: string, index: number) => void>();
  #endListeners = new Set<() => void>();

  constructor(
    readonly name: StreamName,
    readonly capBytes = DEFAULT_CAPTURE_BYTES,
  ) {}

  /** Everything kept so far (at most capBytes characters). */
  get text(): string {
    return this.#text;
  }

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    if (text === '') return;
    this.#keep(text);
    this.#splitLines(text);
  }

  end(): void {
    if (this.ended) return;
    const rest = this.#decoder.end();
    if (rest) this.push(rest);
    if (this.#partial !== '') {
      const line = this.#partial;
      this.#partial = '';
      this.#emit(line);
    }
    this.ended = true;
    for (const listener of this.#endListeners) listener();
  }

  /** Calls back for every complete line from now on; returns the unsubscribe function. */
  onLine(listener: (line: string, index: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls back once the stream has ended; returns the unsubscribe function. */
  onEnd(listener: () => void): () => void {
    this.#endListeners.add(listener);
    return () => this.#endListeners.delete(listener);
  }

  #keep(text: string): void {
    const room = this.capBytes - this.#text.length;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    if (text.length > room) this.truncated = true;
    this.#text += text.length > room ? text.slice(0, room) : text;
  }

  #splitLines(text: string): void {
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const line = this.#partial + text.slice(start, newline);
      this.#partial = '';
      this.#emit(line);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    // A line without an end cannot grow past the cap: a flood on one line is cut, not stored.
    if (this.#partial.length < this.capBytes) this.#partial += text.slice(start, start + this.capBytes - this.#partial.length);
  }

  #emit(line: string): void {
    const index = this.lines.length;
    // Keep a line when it lies wholly within the kept text (a chunk that crosses the cap still gives its first lines).
    if (this.#emittedChars + line.length <= this.capBytes) this.lines.push(line);
    this.#emittedChars += line.length + 1;
    for (const listener of this.#listeners) listener(line, index);
  }
}
