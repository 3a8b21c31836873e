import { childrenOf } from '../proc/process-tree.js';
import { hasVariable, isLive, listProcesses, readCommandLine, readProcess } from '../proc/process-table.js';
import { monotonicMs } from '../waits/clock.js';

/** How often the watcher samples /proc: a node process lives far longer than this, even one that exits at once. */
export const TREE_SAMPLE_MS = 4;

/**
 * A node worker is visible in /proc (exec()ed, marked) for longer than this even when it exits at once:
 * while samples come closer than this, no worker can slip between two of them.
 */
export const SHORTEST_WORKER_LIFE_MS = 15;

/** The variable cluster.fork() gives every worker: it tells a worker from other children (tsx's esbuild, say). */
export const CLUSTER_WORKER_MARK = 'NODE_UNIQUE_ID';

// A child process the watcher has seen: when, and its command line while it was alive.
export interface SeenChild {
  pid: number;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Read on every sample; only from after exec(), since the mark is in the environment exec() installs. */
  commandLine: string[] | undefined;
  alive: boolean;
}

// Records, from /proc, every child a process starts that carries a mark in its environment (by default a
// cluster worker), while the process runs: workers may print and exit within milliseconds, so asking the
// process table afterwards would be too late. Just after fork() a child still shows its parent's command
// line and environment; the mark appears only once it has exec()ed, so a child is recorded from then on.
export class TreeWatcher {
  readonly available: boolean;
  readonly children = new Map<number, SeenChild>();
  /** Workers still alive when the watched process itself had exited (a primary that did not wait for them). */
  orphans: number[] = [];
  /** True once the watched process has been seen to exit. */
  rootEnded = false;
  #unmarked = new Set<number>();
  #rootCommandLine: string[] | undefined;
  #lastSampleAt = -Infinity;
  /** The longest time between two samples while the root was alive (a starved machine makes it grow). */
  longestGapMs = 0;
  #listeners = new Set<(child: SeenChild) => void>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    readonly root: number,
    readonly mark = CLUSTER_WORKER_MARK,
  ) {
    this.available = root > 0 && childrenOf(root) !== undefined;
    // spawn() returns once the root has exec()ed: this is its own command line, not its parent's.
    this.#rootCommandLine = this.available ? readCommandLine(root) : undefined;
    if (this.available) this.sample();
  }

  /** The marked children alive at the last sample. */
  get alive(): number[] {
    return [...this.children.values()].filter((child) => child.alive).map((child) => child.pid);
  }

  /** True while no sample gap was long enough for a short-lived worker to come and go unseen. */
  get sawEveryChild(): boolean {
    return this.longestGapMs < SHORTEST_WORKER_LIFE_MS;
  }

  /** Every marked child ever seen, in the order they appeared. */
  get seen(): number[] {
    return [...this.children.keys()];
  }

  // Samples now unless a sample was just taken: for events that may come in floods (every line a program prints).
  nudge(): void {
    if (monotonicMs() - this.#lastSampleAt >= TREE_SAMPLE_MS / 2) this.sample();
  }

  // Reads the children now (also called by checks right when something happens, not only on the timer).
  sample(): void {
    if (!this.available || this.#stopped) return;
    const sampledAt = monotonicMs();
    if (this.#lastSampleAt > -Infinity && !this.rootEnded) this.longestGapMs = Math.max(this.longestGapMs, sampledAt - this.#lastSampleAt);
    this.#lastSampleAt = sampledAt;
    const now = Date.now();
    const rootLive = isLive(this.root);
    if (!rootLive && !this.rootEnded) {
      this.rootEnded = true;
      this.orphans = this.#orphans();
    }
    const current = new Set(rootLive ? (childrenOf(this.root) ?? []) : []);
    for (const pid of current) {
      let child = this.children.get(pid);
      if (!child) {
        if (!hasVariable(pid, this.mark)) {
          this.#unmarked.add(pid);
          continue;
        }
        this.#unmarked.delete(pid);
        child = { pid, firstSeenAt: now, lastSeenAt: now, commandLine: readCommandLine(pid), alive: true };
        this.children.set(pid, child);
        for (const listener of this.#listeners) listener(child);
        continue;
      }
      child.lastSeenAt = now;
      child.alive = true;
      const commandLine = readCommandLine(pid);
      if (commandLine && commandLine.length > 0) child.commandLine = commandLine;
    }
    for (const child of this.children.values()) if (!current.has(child.pid)) child.alive = false;
    for (const pid of this.#unmarked) if (!current.has(pid)) this.#unmarked.delete(pid);
    clearTimeout(this.#timer);
    if (rootLive) this.#timer = setTimeout(() => this.sample(), TREE_SAMPLE_MS).unref();
  }

  // When a process exits the kernel gives its children another parent at once, but they stay in its process
  // group: the group's live members that are workers (marked), or forks not yet exec()ed (they still show the
  // root's own command line), are the orphans. Other members (tsx's esbuild service) are not workers.
  #orphans(): number[] {
    const orphans = new Set(this.alive.filter(isLive));
    for (const info of listProcesses()) {
      if (info.pgid !== this.root || info.pid === this.root) continue;
      const commandLine = readCommandLine(info.pid);
      const forkOfRoot = commandLine !== undefined && this.#rootCommandLine !== undefined && commandLine.join('\0') === this.#rootCommandLine.join('\0');
      if (forkOfRoot || hasVariable(info.pid, this.mark)) orphans.add(info.pid);
    }
    return [...orphans].sort((a, b) => a - b);
  }

  /** Calls back for every new marked child from now on; returns the unsubscribe function. */
  onChild(listener: (child: SeenChild) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // Stops sampling (the program has ended, or the check no longer needs it).
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const child of this.children.values()) child.alive = false;
  }
}
