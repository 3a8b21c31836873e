// Lesson 11: one counter for the whole cluster. Each worker is its own
// process with its own memory, so the count lives in the primary and the
// workers ask for it by message.
import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;

if (cluster.isPrimary) {
  let count = 0;
  cluster.on('message', (worker, msg) => {
    if (msg === 'hit') count++;
    // Answer both questions with the current total.
    if (msg === 'hit' || msg === 'get') worker.send(count);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  // Messages travel in order both ways and the primary answers each one at
  // once, so replies come back in the order the questions were asked.
  const waiting = [];
  process.on('message', (count) => waiting.shift()(count));
  const ask = (question) =>
    new Promise((resolve) => {
      waiting.push(resolve);
      process.send(question);
    });

  http
    .createServer(async (req, res) => {
      const { pathname } = new URL(req.url, 'http://localhost');
      let body = 'hello world\n';
      if (pathname === '/count') body = `${await ask('get')}\n`;
      // Wait for the primary to count this request before answering it, so a
      // /count sent after this response can never miss it.
      else if (pathname === '/' && req.method === 'GET') await ask('hit');
      res.writeHead(200, { 'x-worker-pid': process.pid, 'content-type': 'text/plain' });
      res.end(body);
    })
    .listen(port, () => console.log(`worker ${process.pid} listening on port ${port}`));
}
