// Lesson 9: Restarting dead workers
//
// As lesson 8, and whenever a worker exits, for any reason, the primary
// prints `<pid> died` (the dead worker's pid) and forks a replacement, so that
// WORKERS workers keep serving. 09-restart.md has the details.
// Check it with `npx scaling-node-workshop verify 9`.

import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import process from 'node:process';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;

// The server from lesson 8.
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
  // Watch for workers that exit: print `<pid> died`, then fork a new one.
} else {
  // Replace this line with serve(), before you add the restarts: as it is,
  // each worker disconnects and exits at once, so the program ends (and with
  // restarts in place, workers would be replaced over and over).
  cluster.worker.disconnect();
}
