// Lesson 16: Worker threads. The reference solution: the program the check passes.
//
// One process serves HTTP; a pool of THREADS worker threads, started once, computes fib(n) by plain
// recursion, so the event loop stays free to answer /ping meanwhile. Run it with:
//   THREADS=2 PORT=8000 node 16-worker-threads.js
import http from 'node:http';
import os from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));

if (!isMainThread) {
  // A worker thread: computes what it is given, one at a time, and posts the result back.
  parentPort.on('message', (n) => parentPort.postMessage(fib(n)));
} else {
  const threads = Number(process.env.THREADS) || os.availableParallelism();
  const workers = [];
  const idle = [];
  const queue = [];
  const running = new Map();

  // Gives a job to a worker; when the worker posts its result, the next job waiting gets it.
  const run = (worker, job) => {
    running.set(worker, job);
    worker.postMessage(job.n);
  };
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(new URL(import.meta.url));
    worker.on('message', (result) => {
      running.get(worker).resolve(result);
      running.delete(worker);
      const next = queue.shift();
      if (next) run(worker, next);
      else idle.push(worker);
    });
    workers.push(worker);
    idle.push(worker);
  }
  const compute = (n) =>
    new Promise((resolve) => {
      const job = { n, resolve };
      const worker = idle.pop();
      if (worker) run(worker, job);
      else queue.push(job);
    });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/ping') {
      res.end('pong\n');
      return;
    }
    if (url.pathname === '/fib') {
      const raw = url.searchParams.get('n');
      const n = Number(raw);
      if (raw === null || raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > 45) {
        res.writeHead(400);
        res.end('n must be an integer from 0 to 45\n');
        return;
      }
      res.end(`${await compute(n)}\n`);
      return;
    }
    res.writeHead(404);
    res.end('not found\n');
  });
  const port = Number(process.env.PORT) || 8000;
  server.listen(port, () => console.log(`listening on port ${port} with ${threads} threads`));

  // Stop taking connections, let the computations in flight finish and answer, then end the threads:
  // with nothing left, the program exits with code 0.
  const stop = () => {
    server.close(() => Promise.all(workers.map((worker) => worker.terminate())));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
