// Lesson 15: the count lives in a PostgreSQL table. Every worker of every
// instance updates the same row, so two machines running this file share one
// count, and the count outlives the program.
import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';

const workers = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT) || 8000;
const connectionString = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
// Every worker's pool together stays within the connections the database gives this program.
const connections = Number(process.env.DB_CONNECTIONS) || 10;
const max = Math.max(1, Math.floor(connections / workers));

if (cluster.isPrimary) {
  // The schema once, here, before any worker exists: workers never race to create it.
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS counter (id int PRIMARY KEY, n bigint NOT NULL)');
  await client.query('INSERT INTO counter (id, n) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
  await client.end();
  for (let i = 0; i < workers; i++) cluster.fork();
  // On SIGTERM or SIGINT every worker ends its pool; once all have exited, so does the primary, with 0.
  const stop = () => {
    for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers).length === 0) process.exit(0);
  });
} else {
  // One pool per worker, made once: a connection belongs to the process that opened it.
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection that breaks emits 'error' on the pool: without a listener the worker dies.
  pool.on('error', (error) => console.error(`worker ${process.pid}: postgres: ${error.message}`));

  const server = http
    .createServer(async (req, res) => {
      const { pathname } = new URL(req.url, 'http://localhost');
      let body = 'hello world\n';
      try {
        if (pathname === '/count') body = `${(await pool.query('SELECT n FROM counter WHERE id = 1')).rows[0].n}\n`;
        // One statement reads, adds one and writes under the row's lock: two
        // requests at once never both read the old value. Awaited, so the
        // request is counted before it is answered.
        else if (pathname === '/' && req.method === 'GET') await pool.query('UPDATE counter SET n = n + 1 WHERE id = 1');
      } catch (error) {
        res.writeHead(503, { 'x-worker-pid': process.pid, 'content-type': 'text/plain' });
        res.end(`the database is unavailable: ${error.message}\n`);
        return;
      }
      res.writeHead(200, { 'x-worker-pid': process.pid, 'content-type': 'text/plain' });
      res.end(body);
    })
    .listen(port, () => console.log(`worker ${process.pid} listening on port ${port}`));

  // Stopped by the primary's signal (or our own): close the server, end the pool, exit 0.
  const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
