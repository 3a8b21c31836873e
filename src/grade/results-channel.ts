import { verifyResultSchema } from '../results/result-schema.js';
import type { VerifyResult } from '../results/verify-result.js';
import { sandboxLineSchema, type SandboxJobs } from './sandbox-jobs.js';

/** A result is a few kilobytes (its output excerpts are capped); a longer line is not the verifier's. */
export const RESULT_LINE_CAP_BYTES = 256_000;

// What the grader accepts from a sandboxed verifier: exactly one well-formed result per job, in the jobs'
// order, each about its job's lesson and file. The first line that is anything else (not a result, a second
// result for a job, one for a job that does not exist or is not next, one too long) is tampering: something
// besides the verifier wrote into the channel, and nothing more from it is taken.
export class ResultsChannel {
  #next = 0;
  #tampered: string | undefined;

  constructor(readonly jobs: SandboxJobs) {}

  /** How many results were accepted. */
  get accepted(): number {
    return this.#next;
  }

  /** True once every job has its result. */
  get complete(): boolean {
    return this.#next === this.jobs.length;
  }

  /** Set once the channel carried something else than the next result: what it was. */
  get tampered(): string | undefined {
    return this.#tampered;
  }

  /** Takes one line: the result with its job's index, or undefined when the line is refused (see `tampered`). */
  accept(line: string): { index: number; result: VerifyResult } | undefined {
    if (this.#tampered !== undefined) return undefined;
    const refused = this.#refusal(line);
    if (typeof refused === 'string') {
      this.#tampered = `the results channel carried ${refused}: something wrote into it besides the verifier`;
      return undefined;
    }
    this.#next++;
    return refused;
  }

  /** Refuses a line too long to be a result, before it is even read whole. */
  oversized(): void {
    this.#tampered ??= `the results channel carried a line of more than ${RESULT_LINE_CAP_BYTES / 1000} kB: something wrote into it besides the verifier`;
  }

  #refusal(line: string): string | { index: number; result: VerifyResult } {
    if (Buffer.byteLength(line) > RESULT_LINE_CAP_BYTES) return `a line of more than ${RESULT_LINE_CAP_BYTES / 1000} kB`;
    const data = parseJson(line) as { result?: unknown } | undefined;
    const index = sandboxLineSchema.safeParse(data);
    const result = verifyResultSchema.safeParse(data?.result);
    if (!index.success || !result.success) return 'a line that is not a result';
    const at = index.data.index;
    const job = this.jobs[at];
    if (job === undefined) return `a result for job ${at}, which does not exist`;
    if (at < this.#next) return `a second result for job ${at}`;
    if (at > this.#next) return `a result for job ${at} before job ${this.#next} was done`;
    if (result.data.lesson !== job.lesson || result.data.file !== job.file) return `a result for job ${at} about another lesson or file`;
    return { index: at, result: result.data };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
