import { spawn } from 'node:child_process';
import path from 'node:path';
import { OutputCapture } from '../engine/output-capture.js';
import { trackGroup, untrackGroup } from '../engine/terminate/live-groups.js';
import { packageRoot } from '../package-root.js';
import { verifyResultSchema } from '../results/result-schema.js';
import type { VerifyResult } from '../results/verify-result.js';
import { gradeEnv } from './grade-env.js';
import { bwrapArgs, SANDBOX_HOME, SANDBOX_TMP } from './sandbox.js';
import { makeTempFolder, removeTempFolder } from '../engine/temp-folders.js';

/** The workshop's own command line, run inside the sandbox: the same `verify` a learner runs. */
const cli = path.join(packageRoot, 'dist', 'src', 'cli', 'main.js');
/** A verification report is a few kilobytes (its output excerpts are capped); more is not a report. */
const REPORT_CAP_BYTES = 4_000_000;

// One verification to run in a sandbox.
export interface SandboxedVerification {
  lesson: string;
  /** The student's file, copied into the scratch folder. */
  file: string;
  scratchDir: string;
  /** More folders the run may read (the student's own node_modules). */
  readOnly?: readonly string[];
  /** The environment the allowlisted variables are taken from. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

// What a sandboxed verification gave: the verifier's report, or why there is none.
export type SandboxOutcome = { result: VerifyResult } | { error: string } | { cancelled: true };

// Runs `verify <lesson> <file> --json` inside bubblewrap, the verifier and the student's program together,
// and reads back its report. Cancelling kills bwrap, which takes the whole pid namespace with it.
export async function verifyInSandbox(run: SandboxedVerification): Promise<SandboxOutcome> {
  const command = [process.execPath, cli, 'verify', run.lesson, run.file, '--json'];
  const { code, stdout, stderr, spawnError } = await runBwrap(bwrapArgs({ scratchDir: run.scratchDir, readOnly: run.readOnly, command }), run.env, run.signal);
  if (run.signal?.aborted) return { cancelled: true };
  if (spawnError) return { error: `the sandbox could not start: ${spawnError}` };
  if (stdout.truncated) return { error: 'the sandboxed verifier printed more than a report' };
  if (code === 0 || code === 1) {
    const parsed = verifyResultSchema.safeParse(parseJson(stdout.text));
    if (parsed.success) return { result: parsed.data };
  }
  const why = lastLine(stderr.text) ?? `exit code ${code}`;
  return { error: `the sandboxed verifier failed: ${why}` };
}

/** Why the sandbox cannot be used here, or undefined when a trivial sandboxed run (node itself) works. */
export async function whySandboxUnavailable(tempRoot: string): Promise<string | undefined> {
  if (process.platform !== 'linux') return `sandboxing needs Linux (bubblewrap), not ${process.platform}`;
  const scratchDir = makeTempFolder(tempRoot, 'snw-probe-');
  let probe: BwrapExit;
  try {
    probe = await runBwrap(bwrapArgs({ scratchDir, command: [process.execPath, '-e', ''] }));
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
function runBwrap(args: string[], from?: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<BwrapExit> {
  const stdout = new OutputCapture('stdout', REPORT_CAP_BYTES);
  const stderr = new OutputCapture('stderr', 16_000);
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
