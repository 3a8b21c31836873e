import process from 'node:process';

// Signal handlers don't keep Node alive: with nothing else to do it would
// exit right away. A timer is the smallest thing that keeps the event loop
// busy (a real server's listening socket does the same job).
const keepAlive = setInterval(() => {}, 60_000);

let count = 0;
process.on('SIGHUP', () => {
  count += 1;
  console.log(`count = ${count}`);
});

// Once SIGINT/SIGTERM has a handler, Node no longer exits on them by itself.
function stop() {
  console.log('stopping');
  clearInterval(keepAlive); // nothing left to wait for: Node exits with code 0
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Print the pid only now: whoever reads it may signal us straight away.
console.log(`process ${process.pid}`);
