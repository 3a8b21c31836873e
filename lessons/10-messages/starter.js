// Lesson 10: Messages
//
// The primary forks WORKERS workers and sends each one `do something!`. Each
// worker answers `nope.`, and for each answer the primary prints
// `<worker pid> says nope.`. When all have answered, the workers exit, then
// the primary exits with code 0. 10-messages.md has the details (and a trap).
// Check it with `npx scaling-node-workshop verify 10`.

import cluster from 'node:cluster';
import os from 'node:os';
import process from 'node:process';

const workers = Number(process.env.WORKERS) || os.availableParallelism();

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) {
    const worker = cluster.fork();
    worker.on('message', (msg) => {
      // React to what this worker sends you here.
      console.log(`${worker.process.pid} sent ${JSON.stringify(msg)}`);
    });
  }
} else {
  // Listen for messages from the primary here, and answer them.

  // Delete this line: it makes every worker leave right away.
  cluster.worker.disconnect();
}
