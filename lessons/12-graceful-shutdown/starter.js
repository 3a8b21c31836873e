// Lesson 12: Graceful shutdown
//
// As lesson 9, plus `GET /slow?ms=<n>` answers `done\n` after n milliseconds.
// On SIGTERM or SIGINT the primary prints `stopping` and forks no more
// workers; the workers stop taking connections, finish the requests in
// flight and exit; then the primary exits with code 0. 12-graceful-shutdown.md has the
// details.
// Check it with `npx scaling-node-workshop verify 12`.

import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import process from 'node:process';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;

// The server from lesson 9. Add /slow to it.
function serve() {
  http
    .createServer((req, res) => {
      res.writeHead(200, { 'x-worker-pid': process.pid });
      res.end('hello world\n');
    })
    .listen(port);
}

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  // Restart dead workers as in lesson 9, and handle SIGTERM and SIGINT.
} else {
  // Replace this line with serve(), before you add the restarts: as it is,
  // each worker disconnects and exits at once, so the program ends.
  cluster.worker.disconnect();
}
