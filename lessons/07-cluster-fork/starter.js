// Lesson 7: Forking workers
//
// The primary forks WORKERS workers (when WORKERS is set; else one per CPU).
// Each worker prints `worker <its pid> working!` and exits. The primary exits
// with code 0 once all of its workers have exited. 07-cluster-fork.md has the details.

import cluster from 'node:cluster';
import os from 'node:os';
import process from 'node:process';

const workers = Number(process.env.WORKERS) || os.availableParallelism();

if (cluster.isPrimary) {
  // Fork the workers here. For now the primary only talks about it.
  console.log(`primary ${process.pid} should fork ${workers} workers`);
} else {
  // Only a worker gets here. Print its line, then let it end.
}
