import type { WorkerAnswer } from '../../engine/http/collect-workers.js';
import { describeWorkers, workersCount, type ClusterRun } from '../cluster-run.js';
import { quote } from '../excerpt.js';
import { describeCrash } from '../describe-crash.js';
import { crashHint, timedOut, type TimedOut } from './program-failures.js';
import type { FailureDetails, ProgramView } from '../step-failure.js';
import { seconds } from '../timeouts.js';

// What a failed step of a cluster lesson says, as pure functions of what was seen (the run, the answers,
// the pids in the process table): each returns the failure record the step fails with.

/** What the wording reads of a cluster run: its primary, port and WORKERS setting. */
export type ClusterRunView = Pick<ClusterRun, 'port' | 'workersEnv' | 'workers'> & { portUnset?: boolean; program: ProgramView };

const pidsWord = (pids: readonly number[]) => `pid${pids.length === 1 ? '' : 's'}`;

// "Worker 123 died": a sentence that starts with a capital.
function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What is wrong with one answer while looking for the workers (status, exact body, an x-worker-pid naming a
 * worker); undefined when it is right. `liveWorkers` (from the process table, when there is one) tells a
 * primary that serves from workers that name their parent (process.ppid).
 */
export function wrongAnswerFailure(
  run: ClusterRunView,
  request: string,
  entry: WorkerAnswer,
  expect: { status: number; body?: string },
  liveWorkers: () => readonly number[] | undefined = () => undefined,
): FailureDetails | undefined {
  const { answer, pid } = entry;
  const { program } = run;
  const { status, body } = expect;
  if (answer.status !== status) {
    const otherPath = request !== 'GET /' && answer.status === 404;
    const hint = otherPath
      ? `Answer every request with status ${status}, whatever its path: answer in http.createServer's handler itself, not in a route for / alone (app.get('/') in express leaves other paths at 404).`
      : `Answer every request with status ${status}: res.writeHead(${status}, …).`;
    return { message: `${request} answered with status ${answer.status}; expected ${status}.`, expected: `status ${status}`, actual: `status ${answer.status}`, hint, program };
  }
  if (body !== undefined && answer.body !== body) {
    const missingNewline = answer.body === body.replace(/\n$/, '');
    return {
      message: `${request} answered with the body ${quote(answer.body)}; expected exactly ${quote(body)}.`,
      expected: quote(body),
      actual: quote(answer.body),
      hint: missingNewline ? `The body ends with a newline: res.end(${quote(body)}).` : `Send exactly this body: res.end(${quote(body)}).`,
      program,
    };
  }
  const header = answer.headers['x-worker-pid'];
  if (pid === undefined) {
    return {
      message: header === undefined ? `${request} answered without an x-worker-pid header.` : `${request} answered with x-worker-pid ${quote(String(header))}, which is not a pid.`,
      expected: 'an x-worker-pid header with the pid of the worker that answered',
      actual: header === undefined ? 'no x-worker-pid header' : `x-worker-pid: ${String(header)}`,
      hint: "Set the header in the worker, before the body: res.setHeader('x-worker-pid', process.pid).",
      program,
    };
  }
  if (pid === program.pid) {
    const workers = liveWorkers();
    if (workers && workers.length > 0) {
      return {
        message: `${request} answered with x-worker-pid ${pid}, the primary's pid, though the primary runs ${workersCount(workers.length)} (${pidsWord(workers)} ${workers.join(', ')}) that serve: the header names the worker's parent, not the worker.`,
        expected: `the pid of the worker that answered (one of ${workers.join(', ')})`,
        actual: `x-worker-pid: ${pid} (the primary)`,
        hint: "In a worker, process.ppid is its parent, the primary; its own pid is process.pid: res.setHeader('x-worker-pid', process.pid).",
        program,
      };
    }
    return {
      message: `${request} was answered by the primary (x-worker-pid ${pid} is its own pid): the workers must serve, not the primary.`,
      expected: `answers from workers (children of the primary, pid ${program.pid})`,
      actual: `x-worker-pid: ${pid}`,
      hint: 'Create the server and call listen() only in the worker branch: `if (cluster.isPrimary) { fork… } else { …serve… }`.',
      program,
    };
  }
  return undefined;
}

/**
 * Fewer than `count` different workers answered `requests` requests and no new one came for `quietMs`.
 * `alive` is the primary's live workers from the process table (undefined without one): too few of them
 * points at WORKERS, else at listen().
 */
export function tooFewAnswersFailure(
  run: ClusterRunView,
  seen: { count: number; pids: readonly number[]; requests: number; quietMs: number; alive: readonly number[] | undefined; hint?: string },
): FailureDetails {
  const { count, pids, alive } = seen;
  const running = alive ? ` The primary has ${workersCount(alive.length)} running.` : '';
  return {
    message: `Only ${pids.length} of ${count} workers answered ${seen.requests} requests (each on a new connection), and no new one for ${seconds(seen.quietMs)}.${running}`,
    expected: `answers from ${workersCount(count)} (${describeWorkers(run)})`,
    actual: pids.length > 0 ? `answers only from ${pidsWord(pids)} ${pids.join(', ')}` : 'no answer from any worker',
    hint:
      alive && alive.length < count
        ? `The primary runs too few workers: fork Number(process.env.WORKERS) of them when WORKERS is set (${describeWorkers(run)}), else os.availableParallelism().`
        : (seen.hint ?? 'Have every worker call server.listen(process.env.PORT): the primary hands each new connection to the next listening worker.'),
    program: run.program,
  };
}

/** A pid the program named as a worker's is the primary's own. */
export function primaryPidFailure(run: ClusterRunView, pid: number): FailureDetails {
  return {
    message: `Pid ${pid} is the primary itself, not a worker: the workers must do this work, each in its own process.`,
    expected: `pids of worker processes (children of the primary, pid ${run.program.pid})`,
    actual: `the primary's own pid ${pid}`,
    hint: 'Put the work in the worker branch: `if (cluster.isPrimary) { fork… } else { …work… }`.',
    program: run.program,
  };
}

/** A pid the program named as a worker's is no child of the primary (`children`: the ones the process table showed). */
export function notAChildFailure(run: ClusterRunView, pid: number, children: readonly number[]): FailureDetails {
  return {
    message: `Pid ${pid} is not a worker: no child process of the primary (pid ${run.program.pid}) has that pid.`,
    expected: `pids of the primary's children${children.length > 0 ? ` (${children.join(', ')})` : ''}`,
    actual: `pid ${pid}`,
    hint: "Use the worker's own pid: process.pid, read inside the worker.",
    program: run.program,
  };
}

/** The primary has (`counting: 'alive'`) or started (`'seen'`) the workers `children` instead of `count`. */
export function workerCountFailure(run: ClusterRunView, children: readonly number[], expect: { count: number; counting: 'alive' | 'seen'; hint?: string }): FailureDetails {
  return {
    message: `The primary ${expect.counting === 'alive' ? 'has' : 'started'} ${workersCount(children.length)}; expected ${expect.count} (${describeWorkers(run)}).`,
    expected: `${workersCount(expect.count)}`,
    actual: `${workersCount(children.length)}: ${pidsWord(children)} ${children.join(', ') || '(none)'}`,
    hint: expect.hint ?? 'Fork exactly Number(process.env.WORKERS) workers when WORKERS is set, else os.availableParallelism().',
    program: run.program,
  };
}

/**
 * A worker crashed (workers write to the primary's stderr, and a primary whose workers crash may still exit
 * with code 0): with what, and what to do when it could not load a TypeScript file. Undefined when none did.
 */
export function workerCrashFailure(run: ClusterRunView): FailureDetails | undefined {
  const crash = describeCrash(run.program.stderr.text, run.program.file);
  if (!crash) return undefined;
  // A TypeScript worker without tsx: Node 20 cannot load a .ts file at all; where Node strips types itself
  // (22.18 and later) it loads it, but not what only tsx runs (an enum, a namespace, parameter properties).
  const typescript = /\.[cm]?ts$/i.test(run.program.file);
  const lostLoader = /ERR_UNKNOWN_FILE_EXTENSION|Unknown file extension/.test(crash) || (typescript && /ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX|ERR_INVALID_TYPESCRIPT_SYNTAX|strip-only mode/.test(crash));
  if (lostLoader) {
    return {
      message: `A worker crashed because it was started without --import tsx, the loader the primary runs your TypeScript with: ${crash}`,
      expected: 'workers started with the primary\'s flags (--import tsx among them)',
      actual: crash,
      hint: "The workers could not load your TypeScript file: they were started without the loader the primary runs with. If you set execArgv, keep the primary's flags: execArgv: [...process.execArgv, …].",
      program: run.program,
    };
  }
  return {
    message: `A worker crashed: ${crash}`,
    expected: 'workers that run without an error',
    actual: crash,
    hint: crashHint(crash),
    program: run.program,
  };
}

/** The primary exited while its workers `orphans` still ran. */
export function orphansFailure(run: ClusterRunView, orphans: readonly number[], hint?: string): FailureDetails {
  return {
    message: `The primary exited while ${workersCount(orphans.length)} still ran (${pidsWord(orphans)} ${orphans.join(', ')}): it must exit only once all its workers have exited.`,
    expected: 'the primary exits after its last worker',
    actual: 'the primary exited first',
    hint: hint ?? "Don't call process.exit() in the primary: once every worker has exited, the primary has nothing left to do and ends by itself with code 0.",
    program: run.program,
  };
}

/** Worker `pid` had exited before the check could kill it. */
export function workerGoneFailure(run: ClusterRunView, pid: number): FailureDetails {
  return {
    message: `Worker ${pid} had already exited before the check could kill it.`,
    expected: `worker ${pid} running until it is killed`,
    actual: 'already gone',
    hint: 'Workers must keep serving until they are stopped.',
    program: run.program,
  };
}

/** `after` something ("after SIGKILL #1 (worker 12 was killed)"), the primary had only the workers `alive` when `timeoutMs` was up. */
export function workersNotBackFailure(run: ClusterRunView, seen: { after: string; count: number; alive: readonly number[]; waited: TimedOut; hint?: string }): FailureDetails {
  const { alive, waited } = seen;
  const still = waited.asleep ? `${workersCount(alive.length)}, and ${timedOut(waited).running}` : `${workersCount(alive.length)} ${seconds(waited.timeoutMs)} later`;
  return {
    message: `${capitalize(seen.after)}, the primary still had ${still}; expected ${seen.count} again.`,
    expected: `${workersCount(seen.count)} running`,
    actual: `${workersCount(alive.length)}${alive.length > 0 ? `: ${pidsWord(alive)} ${alive.join(', ')}` : ''}`,
    hint: seen.hint,
    program: run.program,
  };
}

/** `after` something, the primary had more workers (`alive`) than `count`. */
export function tooManyWorkersFailure(run: ClusterRunView, seen: { after: string; count: number; alive: readonly number[] }): FailureDetails {
  return {
    message: `${capitalize(seen.after)}, the primary had ${workersCount(seen.alive.length)}; expected ${seen.count}.`,
    expected: `${workersCount(seen.count)} running`,
    actual: `${workersCount(seen.alive.length)}: pids ${seen.alive.join(', ')}`,
    hint: 'Fork exactly one replacement for each worker that exits.',
    program: run.program,
  };
}

/** The primary has exited, but the processes `pids` it started were still running `timeoutMs` later. */
export function leftRunningFailure(run: ClusterRunView, pids: readonly number[], timeoutMs: number, hint?: string): FailureDetails {
  const one = pids.length === 1;
  return {
    message: `The primary exited, but ${one ? 'a process' : `${pids.length} processes`} it started ${one ? 'was' : 'were'} still running ${seconds(timeoutMs)} later (${pidsWord(pids)} ${pids.join(', ')}).`,
    expected: 'every worker gone once the primary has exited',
    actual: `still running: ${pids.join(', ')}`,
    hint: hint ?? 'The primary should exit only after its workers have: wait for them (their "exit" events) before it ends.',
    program: run.program,
  };
}
