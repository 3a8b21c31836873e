// Lesson 8: every worker listens on the same port; the primary hands out
// incoming connections to them in turn (round robin).
import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  // listen() in a worker does not open its own socket: it asks the primary,
  // which owns the one listening socket and passes connections on.
  http
    .createServer((req, res) => {
      res.writeHead(200, { 'x-worker-pid': process.pid, 'content-type': 'text/plain' });
      res.end('hello world\n');
    })
    .listen(port, () => console.log(`worker ${process.pid} listening on port ${port}`));
}
