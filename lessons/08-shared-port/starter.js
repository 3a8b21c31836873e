// Lesson 8: One port, many workers
//
// Fork WORKERS workers (default: one per CPU). Each worker serves HTTP on PORT
// (default 8000): every request gets status 200, the header
// `x-worker-pid: <its pid>` and the body `hello world\n`. The program runs
// until it is stopped. 08-shared-port.md has the details.
// Check it with `npx scaling-node-workshop verify 8`.

import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import process from 'node:process';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  // Create the HTTP server with `http` and listen on `port` here.

  // No server yet, so the worker has nothing to do: it disconnects from the
  // primary and exits, and then the primary exits too. Delete this line once
  // your worker serves.
  cluster.worker.disconnect();
}
