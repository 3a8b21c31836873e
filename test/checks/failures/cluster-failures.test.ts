import { describe, expect, it } from 'vitest';
import {
  leftRunningFailure,
  orphansFailure,
  tooFewAnswersFailure,
  workerCountFailure,
  workerCrashFailure,
  workersNotBackFailure,
  wrongAnswerFailure,
  type ClusterRunView,
} from '../../../src/checks/failures/cluster-failures.js';
import { listeningElsewhereFailure, notListeningFailure, portInUseFailure, requestFailure, serverEndedFailure } from '../../../src/checks/failures/server-failures.js';
import { FIX_THE_ERROR } from '../../../src/checks/failures/program-failures.js';
import type { ExitInfo } from '../../../src/engine/program/exit-info.js';

const file = '/home/ada/workshop/08-shared-port.js';
const inUse = 'Error: listen EADDRINUSE: address already in use :::4000';

// A run as the wording sees it: WORKERS=2 on port 4000, a primary with pid 100, how it ended, its stderr.
function run(exitInfo?: ExitInfo, stderr = ''): ClusterRunView {
  const lines = stderr === '' ? [] : stderr.split('\n');
  return { port: 4000, workersEnv: 2, workers: 2, program: { pid: 100, file, exitInfo, spawnError: undefined, stderr: { text: stderr, lines } } };
}

const answer = (status: number, body: string, pid?: string) => ({ status, body, headers: pid === undefined ? {} : { 'x-worker-pid': pid }, durationMs: 1 });

describe('port and ending failures', () => {
  it('names the ports the workers listen on instead of PORT', () => {
    expect(listeningElsewhereFailure(run(), [8000])).toMatchObject({
      message: 'Your workers listen on 8000; the check set PORT=4000.',
      expected: 'workers listening on port 4000 (PORT)',
      actual: 'listening on 8000',
      hint: expect.stringMatching(/server\.listen\(process\.env\.PORT\).*such as 8000/),
    });
    expect(listeningElsewhereFailure(run(), [3000, 3001]).message).toBe('Your workers listen on 3000, 3001; the check set PORT=4000.');
  });

  it('tells the primary\'s own EADDRINUSE from another program on the port', () => {
    expect(portInUseFailure(run(), inUse).message).toBe(`Port 4000 (PORT) was already in use when the program listened on it: ${inUse}`);
    expect(portInUseFailure(run(), undefined)).toMatchObject({ actual: 'another program holds the port', hint: expect.stringMatching(/Verify again/) });
  });

  it('says a server ended before it should, unless its port was taken', () => {
    expect(serverEndedFailure(run({ code: 0, signal: null }), 'listening on port 4000')).toMatchObject({
      message: 'The program exited with code 0 before listening on port 4000; it must keep running until it is signalled.',
      expected: 'the program running until it is signalled',
    });
    expect(serverEndedFailure(run({ code: 1, signal: null }, inUse), 'listening on port 4000').actual).toBe('EADDRINUSE: port already in use');
  });

  it('says a request got no response while the program runs, or why when it does not', () => {
    expect(requestFailure(run(), 'GET /', 'no response within 3000 ms')).toMatchObject({ message: 'GET / got no response: no response within 3000 ms.', hint: expect.stringMatching(/res\.end/) });
    expect(requestFailure(run({ code: null, signal: 'SIGKILL' }), 'GET /', 'connection refused').message).toBe(
      'The program was killed by SIGKILL before answering GET /; it must keep running until it is signalled.',
    );
  });
});

describe('wrongAnswerFailure', () => {
  const expect200 = { status: 200, body: 'hello world\n' };

  it('accepts a right answer from a worker', () => {
    expect(wrongAnswerFailure(run(), 'GET /', { answer: answer(200, 'hello world\n', '101'), pid: 101 }, expect200)).toBeUndefined();
  });

  it('names a wrong status, a body without its newline, a missing header and the primary answering', () => {
    expect(wrongAnswerFailure(run(), 'GET /', { answer: answer(404, ''), pid: undefined }, expect200)?.message).toBe('GET / answered with status 404; expected 200.');
    expect(wrongAnswerFailure(run(), 'GET /', { answer: answer(200, 'hello world', '101'), pid: 101 }, expect200)?.hint).toBe('The body ends with a newline: res.end("hello world\\n").');
    expect(wrongAnswerFailure(run(), 'GET /', { answer: answer(200, 'hello world\n'), pid: undefined }, expect200)?.message).toBe('GET / answered without an x-worker-pid header.');
    expect(wrongAnswerFailure(run(), 'GET /', { answer: answer(200, 'hello world\n', 'me'), pid: undefined }, expect200)?.message).toBe('GET / answered with x-worker-pid "me", which is not a pid.');
    expect(wrongAnswerFailure(run(), 'GET /', { answer: answer(200, 'hello world\n', '100'), pid: 100 }, expect200)?.message).toMatch(/^GET \/ was answered by the primary/);
  });
});

describe('worker failures', () => {
  it('points at WORKERS when the process table shows too few workers, else at listen()', () => {
    const seen = { count: 2, pids: [101], requests: 9, quietMs: 3000 };
    expect(tooFewAnswersFailure(run(), { ...seen, alive: [101] })).toMatchObject({
      message: 'Only 1 of 2 workers answered 9 requests (each on a new connection), and no new one for 3 s. The primary has 1 worker running.',
      actual: 'answers only from pid 101',
      hint: expect.stringMatching(/^The primary runs too few workers/),
    });
    expect(tooFewAnswersFailure(run(), { ...seen, alive: undefined }).hint).toMatch(/server\.listen\(process\.env\.PORT\)/);
  });

  it('counts the workers the primary has or started', () => {
    expect(workerCountFailure(run(), [101, 102, 103], { count: 2, counting: 'alive' })).toMatchObject({
      message: 'The primary has 3 workers; expected 2 (WORKERS=2).',
      actual: '3 workers: pids 101, 102, 103',
    });
    expect(workerCountFailure(run(), [], { count: 2, counting: 'seen' }).actual).toBe('0 workers: pids (none)');
  });

  it('finds a worker\'s crash on the primary\'s stderr, and a lost TypeScript loader', () => {
    const crashed = `${file}:3\nReferenceError: port is not defined\n    at ${file}:3:5`;
    expect(workerCrashFailure(run(undefined, crashed))).toMatchObject({ message: 'A worker crashed: ReferenceError: port is not defined (08-shared-port.js:3)', hint: FIX_THE_ERROR });
    expect(workerCrashFailure(run(undefined, 'TypeError [ERR_UNKNOWN_FILE_EXTENSION]: Unknown file extension ".ts"'))?.hint).toMatch(/\.\.\.process\.execArgv/);
    expect(workerCrashFailure(run())).toBeUndefined();
  });

  it('says nothing listened, within how long, or how the program sleeps', () => {
    expect(notListeningFailure(run(), { outcome: 'timeout', timeoutMs: 10_000 }).message).toBe('Nothing listened on port 4000 (PORT) within 10 s; the program is still running.');
    const asleep = { nextTimerMs: undefined, stopped: 0, processes: 3 };
    expect(notListeningFailure(run(), { outcome: 'timeout', timeoutMs: 10_000, asleep })).toMatchObject({
      message: expect.stringMatching(/^Nothing listened on port 4000 \(PORT\); the program is still running, but idle, waiting for something that will not come/),
      actual: 'no connection accepted',
    });
  });

  it('words workers left behind and workers not back', () => {
    expect(orphansFailure(run({ code: 0, signal: null }), [101]).message).toBe('The primary exited while 1 worker still ran (pid 101): it must exit only once all its workers have exited.');
    expect(leftRunningFailure(run({ code: 0, signal: null }), [101, 102], 3000).message).toBe('The primary exited, but 2 processes it started were still running 3 s later (pids 101, 102).');
    const after = 'after SIGKILL #1 (worker 101 was killed)';
    expect(workersNotBackFailure(run(), { after, count: 2, alive: [102], waited: { outcome: 'timeout', timeoutMs: 3000 } })).toMatchObject({
      message: 'After SIGKILL #1 (worker 101 was killed), the primary still had 1 worker 3 s later; expected 2 again.',
      actual: '1 worker: pid 102',
    });
    const asleep = { nextTimerMs: undefined, stopped: 0, processes: 2 };
    expect(workersNotBackFailure(run(), { after, count: 2, alive: [102], waited: { outcome: 'timeout', timeoutMs: 3000, asleep } }).message).toBe(
      'After SIGKILL #1 (worker 101 was killed), the primary still had 1 worker, and the program is still running, but idle, waiting for something that will not come: it has no timer, and an open handle (a server, stdin, an IPC channel) keeps it alive; expected 2 again.',
    );
  });
});
