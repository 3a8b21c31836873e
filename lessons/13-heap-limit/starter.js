// Lesson 13: The heap limit
//
// The primary forks WORKERS workers with `--max-old-space-size=<HEAP_MB>`
// (HEAP_MB defaults to 512), set through the cluster settings. Each worker
// prints `worker <pid> heap limit <n> MB` and exits; the primary exits with
// code 0 once all have. 13-heap-limit.md has the details.
// Check it with `npx scaling-node-workshop verify 13`.

import cluster from 'node:cluster';
import os from 'node:os';
import process from 'node:process';
import v8 from 'node:v8';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const heapMb = Number(process.env.HEAP_MB) || 512;

if (cluster.isPrimary) {
  // The workers still get Node's default heap limit, not `heapMb`.
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  const limit = Math.round(v8.getHeapStatistics().heap_size_limit / 1048576);
  console.log(`worker ${process.pid} heap limit ${limit} MB`);
  cluster.worker.disconnect();
}
