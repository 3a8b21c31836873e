// Lesson 7: fork one worker per core (or WORKERS), each says hello and exits.
import cluster from 'node:cluster';
import os from 'node:os';

const workers = Number(process.env.WORKERS) || os.availableParallelism();

if (cluster.isPrimary) {
  // cluster.fork() starts this same file again, in a new process where
  // cluster.isPrimary is false.
  for (let i = 0; i < workers; i++) cluster.fork();
  // Nothing else to do: once every worker has exited, the primary has
  // nothing left to wait for and exits with code 0 on its own.
} else {
  console.log(`worker ${process.pid} working!`);
  // A worker stays alive while its channel to the primary is open, even with
  // nothing else to do. Disconnecting lets it exit once its work is done.
  cluster.worker.disconnect();
}
