import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeTempFolder, removeTempFolder } from '../owner/temp-folders.js';

/** The variable that tells the preload where to record (workers inherit the environment). */
export const MESSAGE_TRACE_VARIABLE = 'SNW_MESSAGE_TRACE';

/** One message a cluster worker received from its primary or sent to it, in the order the worker saw them. */
export interface TracedMessage {
  pid: number;
  what: 'received' | 'sent';
  message: unknown;
  /** For a received message: how many 'message' listeners of the learner's own it met (0: it was lost). */
  listeners?: number;
}

// The preload, loaded with --require in the primary and (through process.execArgv) in every worker. In a worker
// it records each message the program receives (process.emit('message'), whether or not a listener waits) and
// sends (process.send, the cluster's own NODE_* messages left out), one JSON line each, appended at once. It
// adds no listener: a 'message' listener would keep the worker's channel open and change what it does.
// The worker's own cluster object forwards process 'message' events to cluster.worker with a listener of its
// own, present before the program runs: that one is not the learner's.
// CommonJS, loaded with --require: --import would run a CommonJS program through the ES module loader, a tick
// later, and a message sent right after fork() would then find no listener where it otherwise does.
const PRELOAD = `'use strict';
const cluster = require('node:cluster');
const { appendFileSync } = require('node:fs');
const file = process.env.${MESSAGE_TRACE_VARIABLE};
if (file && cluster.isWorker && typeof process.send === 'function') {
  const own = process.listenerCount('message');
  const record = (entry) => {
    try {
      appendFileSync(file, JSON.stringify({ pid: process.pid, ...entry }) + '\\n');
    } catch {}
  };
  const emit = process.emit;
  process.emit = function (event, message, ...rest) {
    if (event === 'message') {
      const listeners = process.listenerCount('message') - own + (cluster.worker ? cluster.worker.listenerCount('message') : 0);
      record({ what: 'received', message, listeners });
    }
    return emit.call(this, event, message, ...rest);
  };
  const send = process.send;
  process.send = function (message, ...rest) {
    const internal = message !== null && typeof message === 'object' && typeof message.cmd === 'string' && message.cmd.startsWith('NODE_');
    if (!internal) record({ what: 'sent', message });
    return send.call(this, message, ...rest);
  };
}
`;

/**
 * Records the messages between a cluster program's primary and its workers, seen from the workers, without the
 * program's help: `nodeArgs` and `env` go to the program (workers inherit both), `read` gives what was recorded
 * so far, and `remove` deletes the files.
 */
export interface MessageTrace {
  nodeArgs: string[];
  env: Record<string, string>;
  read(): TracedMessage[];
  remove(): Promise<void>;
}

/** Prepares a message trace in a folder of its own under the system's temporary folder. */
export function startMessageTrace(): MessageTrace {
  const folder = makeTempFolder(tmpdir(), 'snw-messages-');
  const preload = path.join(folder, 'message-trace.cjs');
  const file = path.join(folder, 'messages.jsonl');
  writeFileSync(preload, PRELOAD);
  writeFileSync(file, '');
  return {
    nodeArgs: ['--require', preload],
    env: { [MESSAGE_TRACE_VARIABLE]: file },
    read: () => parseTrace(readText(file)),
    remove: () => removeTempFolder(folder),
  };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The entries of a trace file; a line that is not one (cut short, or written by the program itself) is skipped. */
export function parseTrace(text: string): TracedMessage[] {
  const entries: TracedMessage[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const entry = JSON.parse(line) as TracedMessage;
      if (typeof entry.pid === 'number' && (entry.what === 'received' || entry.what === 'sent')) entries.push(entry);
    } catch {}
  }
  return entries;
}
