import type { IncomingHttpHeaders } from 'node:http';
import { monotonicMs } from '../waits/clock.js';
import { setDeadline } from '../waits/deadline-timer.js';

// node:http as CommonJS, once a request is made. An ES import of it makes Node 22+ evaluate every export,
// http.WebSocket among them, which loads undici (fetch) with tls, http2, zlib and web streams: some 15 MB
// of the verifier's resident memory, in every check, for a getter nothing here reads.
const http = () => process.getBuiltinModule('node:http');

/** At most this much of a response body is kept (a flood cannot exhaust memory). */
export const MAX_BODY_BYTES = 1_000_000;

// A response as a check judges it.
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** From sending the request to the end of the response. */
  durationMs: number;
}

// Why a request got no response: a learner reads `describe`.
export type HttpFailureReason = 'refused' | 'reset' | 'closed' | 'timeout' | 'cancelled' | 'other';

// A request that ended without a complete response.
export class HttpFailure extends Error {
  constructor(
    readonly reason: HttpFailureReason,
    readonly describe: string,
    readonly code?: string,
  ) {
    super(describe);
    this.name = 'HttpFailure';
  }
}

// What to send and how long to wait.
export interface HttpGetOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called once the whole request is handed to the OS, with the client's own port (to find the connection in /proc). */
  onSent?: (localPort: number) => void;
}

// GET http://127.0.0.1:<port><path> on a fresh connection that is closed after the response: round robin
// hands out connections, not requests, so a reused connection would always meet the same worker.
export function httpGet(port: number, path: string, options: HttpGetOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const started = monotonicMs();
    let settled = false;
    const fail = (failure: HttpFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      reject(failure);
    };
    const req = http().request({ host: '127.0.0.1', port, path, method: 'GET', agent: false, headers: { connection: 'close' } });
    const timer = setDeadline(() => fail(new HttpFailure('timeout', `no response within ${options.timeoutMs} ms`)), options.timeoutMs);
    const onAbort = () => fail(new HttpFailure('cancelled', 'cancelled'));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('finish', () => {
      const socket = req.socket;
      if (!socket || !options.onSent) return;
      const report = () => options.onSent?.(socket.localPort ?? 0);
      if (socket.connecting) socket.once('connect', report);
      else report();
    });
    req.on('error', (error: NodeJS.ErrnoException) => fail(describeError(error, port)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
        size += chunk.length;
      });
      res.on('error', (error: NodeJS.ErrnoException) => fail(describeError(error, port)));
      res.on('close', () => {
        if (!res.complete) fail(new HttpFailure('closed', 'the connection was closed before the whole response arrived'));
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          durationMs: Math.round(monotonicMs() - started),
        });
      });
    });
    req.end();
  });
}

function describeError(error: NodeJS.ErrnoException, port: number): HttpFailure {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new HttpFailure('refused', `connection refused: nothing listens on port ${port}`, error.code);
    case 'ECONNRESET':
      return error.message === 'socket hang up'
        ? new HttpFailure('closed', 'the connection was closed without a response', error.code)
        : new HttpFailure('reset', 'the connection was reset before the response was complete', error.code);
    case 'EPIPE':
      return new HttpFailure('reset', 'the connection was closed while the request was being sent', error.code);
    default:
      return new HttpFailure('other', error.code ? `${error.code}: ${error.message}` : error.message, error.code);
  }
}
