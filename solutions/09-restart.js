// Lesson 9: the primary watches its workers and replaces any that die.
import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();

  // 'exit' fires whatever the reason: a crash, process.exit(), or a signal
  // such as `kill -9`. Fork a replacement so `workers` keep serving.
  cluster.on('exit', (worker, code, signal) => {
    console.log(`${worker.process.pid} died`);
    cluster.fork();
  });
} else {
  http
    .createServer((req, res) => {
      res.writeHead(200, { 'x-worker-pid': process.pid, 'content-type': 'text/plain' });
      res.end('hello world\n');
    })
    .listen(port, () => console.log(`worker ${process.pid} listening on port ${port}`));
}
