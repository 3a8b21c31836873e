// Lesson 11: Shared state
//
// As lesson 8, plus `GET /count` answers with the number of `GET /` requests
// answered so far by ALL workers together. Count a request before you answer
// it. The count lives in the primary; workers reach it by messages.
// 11-shared-state.md has the details.
// Check it with `npx scaling-node-workshop verify 11`.

import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import process from 'node:process';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;

// A first try: every worker keeps its own count. Call serve() below and ask
// for /count a few times with two workers to see what goes wrong.
function serve() {
  let count = 0;
  http
    .createServer((req, res) => {
      let body = 'hello world\n';
      if (req.url === '/count') body = `${count}\n`;
      else if (req.url === '/') count++;
      res.writeHead(200, { 'x-worker-pid': process.pid });
      res.end(body);
    })
    .listen(port);
}

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  // Keep the one true count here, and answer the workers' messages.
} else {
  // Replace this line with serve(). As it is, each worker disconnects and
  // exits at once, and then so does the primary.
  cluster.worker.disconnect();
}
