// Lesson 16: Worker threads
//
// One process serves HTTP on PORT: GET /fib?n=<n> answers the n-th Fibonacci number,
// computed in a pool of THREADS worker threads started once (default: one per CPU), so
// that GET /ping answers "pong" at once, also while computations run. A bad n gets 400.
// On SIGTERM or SIGINT: stop accepting connections, finish the computations in flight,
// end the threads and exit 0. 16-worker-threads.md has the details.
// Check it with `npx scaling-node-workshop verify 16`.

import http from 'node:http';

const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
const port = Number(process.env.PORT) || 8000;

// A first try: fib computed right here, on the main thread. Ask for /fib?n=40 and, while it
// computes, for /ping from another terminal: the ping waits. Move the computation into a pool of
// worker threads (node:worker_threads), and check n before you compute.
http
  .createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/ping') return res.end('pong\n');
    res.end(`${fib(Number(url.searchParams.get('n')))}\n`);
  })
  .listen(port, () => console.log(`listening on port ${port}`));
