// Lesson 10: primary and workers talk by messages.
import cluster from 'node:cluster';
import os from 'node:os';

const workers = Number(process.env.WORKERS) || os.availableParallelism();

if (cluster.isPrimary) {
  let answers = 0;
  for (let i = 0; i < workers; i++) {
    const worker = cluster.fork();
    worker.on('message', (msg) => {
      // Don't send right after fork(): an ES module worker has not installed
      // its 'message' listener yet and the message would be lost. Wait until
      // the worker says it is ready.
      if (msg === 'ready') worker.send('do something!');
      if (msg === 'nope.') {
        console.log(`${worker.process.pid} says nope.`);
        // Everyone has answered: disconnect the workers. With the channel to
        // the primary closed they have nothing left to do and exit, and then
        // so does the primary (code 0).
        if (++answers === workers) cluster.disconnect();
      }
    });
  }
} else {
  process.on('message', (msg) => {
    if (msg === 'do something!') process.send('nope.');
  });
  // The listener is in place: now tell the primary we can hear it.
  process.send('ready');
}
