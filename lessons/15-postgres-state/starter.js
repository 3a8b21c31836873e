// Lesson 15: State in PostgreSQL
//
// As lesson 8, plus `GET /count` answers with the number of `GET /` requests
// answered so far by every worker of every instance of this program. The
// count lives in a table of the PostgreSQL database at process.env.DATABASE_URL:
// the primary creates the table before it forks, and each `GET /` adds one
// with a single UPDATE before its response is sent. Each worker's pool holds
// at most Math.floor(DB_CONNECTIONS / WORKERS) connections. 15-postgres-state.md
// has the details; run `npm install` in this folder first, so that
// `import pg from 'pg'` finds it.
// Check it with `npx scaling-node-workshop verify 15`.

import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import process from 'node:process';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;

if (cluster.isPrimary) {
  // A first try: the count lives in the primary, as in lesson 11. Start two
  // copies of this file on two ports and compare their /count, or stop it and
  // start it again, to see why that cannot work; then move the count into a table.
  let count = 0;
  for (let i = 0; i < workers; i++) {
    const worker = cluster.fork();
    worker.on('message', (message) => {
      if (message === 'count') count++;
      else if (message === 'get') worker.send({ count });
    });
  }
} else {
  const waiting = [];
  process.on('message', ({ count }) => waiting.shift()?.(count));
  http
    .createServer((req, res) => {
      res.setHeader('x-worker-pid', process.pid);
      if (req.url === '/count') {
        waiting.push((count) => res.end(`${count}\n`));
        process.send('get');
      } else {
        if (req.url === '/') process.send('count');
        res.end('hello world\n');
      }
    })
    .listen(port);
}
