// Lesson 13: start the workers with a bigger (or smaller) V8 heap.
import cluster from 'node:cluster';
import os from 'node:os';
import v8 from 'node:v8';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const heapMb = Number(process.env.HEAP_MB) || 512;

if (cluster.isPrimary) {
  // Setting execArgv replaces the flags the workers would inherit, so keep
  // ours (e.g. `--import tsx` when running TypeScript) and add the limit.
  cluster.setupPrimary({
    execArgv: [...process.execArgv, `--max-old-space-size=${heapMb}`],
  });
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  const limit = Math.round(v8.getHeapStatistics().heap_size_limit / 1048576);
  console.log(`worker ${process.pid} heap limit ${limit} MB`);
  cluster.worker.disconnect(); // done: close the channel so the worker can exit
}
