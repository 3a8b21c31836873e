/**
 * One abort path for a wait that has several reasons to stop (the run was cancelled, the program exited,
 * a worker found its port taken): every source aborts one signal, and `dispose` removes every listener
 * the link added, at once (execa's onAbortedSignal idea: listeners registered with a stop signal).
 */
export class SignalLink {
  readonly #controller = new AbortController();
  readonly #stop = new AbortController();

  /** Links the given signals (undefined ones are skipped). */
  constructor(...signals: (AbortSignal | undefined)[]) {
    for (const signal of signals) this.follow(signal);
  }

  /** Aborts when any source has: the signal to hand to the wait. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Aborts the link when `signal` aborts (at once when it already has). */
  follow(signal: AbortSignal | undefined): this {
    if (!signal) return this;
    if (signal.aborted) this.abort();
    else signal.addEventListener('abort', () => this.abort(), { once: true, signal: this.#stop.signal });
    return this;
  }

  /** Aborts the link when `promise` settles (a program's exit, say). */
  followSettled(promise: Promise<unknown>): this {
    const settled = () => {
      if (!this.#stop.signal.aborted) this.abort();
    };
    promise.then(settled, settled);
    return this;
  }

  /** Aborts the link when an event source calls back; `subscribe` returns its own unsubscribe, called on dispose. */
  followEvent(subscribe: (fire: () => void) => () => void): this {
    const unsubscribe = subscribe(() => this.abort());
    this.#stop.signal.addEventListener('abort', unsubscribe, { once: true });
    return this;
  }

  /** Aborts the linked signal now. */
  abort(): void {
    this.#controller.abort();
  }

  /** Removes every listener the link added to its sources. */
  dispose(): void {
    this.#stop.abort();
  }
}
