// Lesson 14: State in Redis
//
// As lesson 8, plus `GET /count` answers with the number of `GET /` requests
// answered so far by every worker of every instance of this program. The
// count lives in the Redis at process.env.REDIS_URL (default
// redis://127.0.0.1:6379): each `GET /` increments it with INCR before its
// response is sent. 14-redis-state.md has the details; run `npm install` in this
// folder first, so that `import { createClient } from 'redis'` finds it.
// Check it with `npx scaling-node-workshop verify 14`.

import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import process from 'node:process';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  // A first try: this count lives in the worker's own memory. Start two
  // copies of this file on two ports and compare their /count to see why
  // that cannot work, then move the count into Redis.
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
