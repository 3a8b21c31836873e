import { spawn } from 'node:child_process';
import path from 'node:path';
import { OutputCapture } from '../engine/output-capture.js';
import { trackGroup, untrackGroup } from '../engine/terminate/live-groups.js';
import { packageRoot } from '../package-root.js';
import { verifyResultSchema } from '../results/result-schema.js';
import type { VerifyResult } from '../results/verify-result.js';
import { gradeEnv } from './grade-env.js';
import { bwrapArgs, SANDBOX_HOME, SANDBOX_TMP } from './sandbox.js';
import { sandboxLineSchema, type SandboxJobs } from './sandbox-jobs.js';
import { makeTempFolder, removeTempFolder } from '../engine/temp-folders.js';

/** grade's entry inside the sandbox (src/grade/verify-lessons.ts, built next to the CLI). */
const entry = path.join(packageRoot, 'dist', 'src', 'grade', 'verify-lessons.js');
/** Each result is a few kilobytes (its output excerpts are capped); more than this is not results. */
const RESULTS_CAP_BYTES = 16_000_000;

// One student's verifications to run in a sandbox.
export interface SandboxedVerifications {
  jobs: SandboxJobs;
  /** The student's scratch folder: the copies of their files, each in a folder of its own, are in it. */
  scratchDir: string;
  /** More folders the run may read (the student's own node_modules). */
  readOnly?: readonly string[];
  /** The environment the allowlisted variables are taken from. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Called as each verification finishes, with its index in `jobs`. */
  onResult: (index: number, result: VerifyResult) => void;
}

// Runs the verifier and the student's programs together inside bubblewrap, one lesson after another, and
// reports each result as it arrives. Resolves once the sandbox is gone, with why the jobs that got no
// result have none (undefined when every job got one). Cancelling kills bwrap and with it the whole pid namespace.
export async function verifyInSandbox(run: SandboxedVerifications): Promise<string | undefined> {
  const reported = new Set<number>();
  let garbled: string | undefined;
  const onLine = (line: string) => {
    const parsed = resultLine(line, run.jobs.length);
    if (parsed === undefined || reported.has(parsed.index)) {
      garbled ??= 'the sandboxed verifier printed something that is not a result';
      return;
    }
    reported.add(parsed.index);
    run.onResult(parsed.index, parsed.result);
  };
  const command = [process.execPath, entry, JSON.stringify(run.jobs)];
  const { code, stderr, spawnError, stdout } = await runBwrap(bwrapArgs({ scratchDir: run.scratchDir, readOnly: run.readOnly, command }), run.env, run.signal, onLine);
  if (reported.size === run.jobs.length) return undefined;
  if (run.signal?.aborted) return 'grading was cancelled';
  if (spawnError) return `the sandbox could not start: ${spawnError}`;
  if (stdout.truncated) return 'the sandboxed verifier printed more than results';
  return garbled ?? `the sandboxed verifier failed: ${lastLine(stderr.text) ?? `exit code ${code}`}`;
}

// One line of the entry's output as a validated result, or undefined.
function resultLine(line: string, jobCount: number): { index: number; result: VerifyResult } | undefined {
  const data = parseJson(line) as { result?: unknown } | undefined;
  const index = sandboxLineSchema.safeParse(data);
  const result = verifyResultSchema.safeParse(data?.result);
  if (!index.success || !result.success || index.data.index >= jobCount) return undefined;
  return { index: index.data.index, result: result.data };
}

/** Why the sandbox cannot be used here, or undefined when a trivial sandboxed run works. */
export async function whySandboxUnavailable(tempRoot: string): Promise<string | undefined> {
  if (process.platform !== 'linux') return `sandboxing needs Linux (bubblewrap), not ${process.platform}`;
  const scratchDir = makeTempFolder(tempRoot, 'snw-probe-');
  let probe: BwrapExit;
  try {
    // The entry with nothing to do: node, the workshop's code and the scratch folder all reachable inside.
    probe = await runBwrap(bwrapArgs({ scratchDir, command: [process.execPath, entry, '[]'] }));
  } finally {
    await removeTempFolder(scratchDir);
  }
  const { code, stderr, spawnError } = probe;
  if (spawnError === 'ENOENT') return 'bwrap is not installed (the system package bubblewrap)';
  if (spawnError) return `bwrap cannot be started (${spawnError})`;
  if (code !== 0) return `bwrap does not work here (${lastLine(stderr.text) ?? `exit code ${code}`})`;
  return undefined;
}

interface BwrapExit {
  code: number | null;
  stdout: OutputCapture;
  stderr: OutputCapture;
  spawnError?: string;
}

// Runs bwrap in its own process group, tracked so that Ctrl-C on the workshop kills it (and through
// --die-with-parent everything inside); the AbortSignal kills it through spawn's own abort path.
function runBwrap(args: string[], from?: NodeJS.ProcessEnv, signal?: AbortSignal, onLine?: (line: string) => void): Promise<BwrapExit> {
  const stdout = new OutputCapture('stdout', RESULTS_CAP_BYTES);
  const stderr = new OutputCapture('stderr', 16_000);
  if (onLine) stdout.onLine(onLine);
  return new Promise((resolve) => {
    const child = spawn('bwrap', args, {
      env: gradeEnv({ home: SANDBOX_HOME, tmp: SANDBOX_TMP }, from),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      signal,
      killSignal: 'SIGKILL',
    });
    const pid = child.pid;
    if (pid !== undefined) trackGroup(pid);
    let spawnError: string | undefined;
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.name !== 'AbortError') spawnError = error.code ?? error.message;
    });
    child.once('close', (code) => {
      if (pid !== undefined) untrackGroup(pid);
      stdout.end();
      stderr.end();
      resolve({ code, stdout, stderr, ...(spawnError ? { spawnError } : {}) });
    });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function lastLine(text: string): string | undefined {
  return text.trim().split('\n').filter(Boolean).at(-1)?.replace(/^scaling-node-workshop: /, '');
}
