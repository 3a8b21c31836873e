// Lesson 14: the count lives in Redis. Every worker of every instance
// increments the same key, so two machines running this file share one
// count, and the count outlives the program.
import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import { createClient } from 'redis';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;
const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const key = 'count';

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  // One client per worker: a connection belongs to the process that opened it.
  // With the offline queue off, a command fails at once while Redis is down,
  // instead of waiting until it is back.
  const redis = createClient({ url, disableOfflineQueue: true });
  // Without a listener, a connection error would crash the worker.
  redis.on('error', (error) => console.error(`worker ${process.pid}: redis: ${error.message}`));
  // Serve only once requests can be counted.
  await redis.connect();

  http
    .createServer(async (req, res) => {
      const { pathname } = new URL(req.url, 'http://localhost');
      let body = 'hello world\n';
      try {
        if (pathname === '/count') body = `${Number(await redis.get(key))}\n`;
        // INCR adds one inside Redis, in one step: two workers never both
        // read the old value. Awaited, so the request is counted before it is answered.
        else if (pathname === '/' && req.method === 'GET') await redis.incr(key);
      } catch (error) {
        res.writeHead(503, { 'x-worker-pid': process.pid, 'content-type': 'text/plain' });
        res.end(`redis is unavailable: ${error.message}\n`);
        return;
      }
      res.writeHead(200, { 'x-worker-pid': process.pid, 'content-type': 'text/plain' });
      res.end(body);
    })
    .listen(port, () => console.log(`worker ${process.pid} listening on port ${port}`));
}
