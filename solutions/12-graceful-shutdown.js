// Lesson 12: on SIGTERM or SIGINT, stop taking new connections, let the
// requests in flight finish, then exit 0.
import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;

if (cluster.isPrimary) {
  let stopping = false;

  cluster.on('exit', (worker) => {
    if (stopping) return; // shutting down: no replacements
    console.log(`${worker.process.pid} died`);
    cluster.fork();
  });

  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping');
    // disconnect() makes each worker close its server (in-flight requests
    // still finish) and then its channel; with nothing left, the worker
    // exits. When the last one is gone the primary has nothing left to wait
    // for and exits with code 0.
    for (const worker of Object.values(cluster.workers)) worker.disconnect();
  };
  process.on('SIGTERM', stop); // what `docker stop` and Kubernetes send
  process.on('SIGINT', stop); // Ctrl-C

  for (let i = 0; i < workers; i++) cluster.fork();
  console.log(`primary ${process.pid}`); // the pid to send signals to
} else {
  // Ctrl-C in a terminal signals the primary AND the workers. Ignore it here:
  // the primary is in charge of the shutdown, and a worker killed by the
  // signal would drop its requests in flight.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const reply = (body) => {
      // Once the server is closing, ask keep-alive clients to hang up, so an
      // idle connection does not keep the worker alive.
      if (!server.listening) res.setHeader('connection', 'close');
      res.writeHead(200, { 'x-worker-pid': process.pid, 'content-type': 'text/plain' });
      res.end(body);
    };
    if (url.pathname === '/slow') {
      setTimeout(() => reply('done\n'), Number(url.searchParams.get('ms')) || 0);
    } else {
      reply('hello world\n');
    }
  });
  server.listen(port, () => console.log(`worker ${process.pid} listening on port ${port}`));
}
