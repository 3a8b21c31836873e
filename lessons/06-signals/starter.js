// Lesson 6: Signals
//
// Set up your signal handlers first, then print `process <pid>`.
//   - SIGHUP: print `count = <n>` (1, 2, 3, ...) and keep running
//   - SIGINT or SIGTERM: print `stopping` and exit with code 0
// Keep running until one of those arrives. 06-signals.md has the details.

import process from 'node:process';

// Your handlers go here, before the line below.

console.log(`process ${process.pid}`);

// As it stands the program has nothing left to do after printing, so it
// exits straight away, long before anyone can send it a signal. Try it!
