// Preloaded (--import, after tsx) into a TypeScript program on Node 20. There tsx registers its loader in the
// main thread only (it cannot tell a worker thread from Node's own hooks thread: tsx issue 354), and a worker
// thread gets no hooks of the main thread's, so `new Worker(new URL('./fib-worker.ts', import.meta.url))`
// fails with "Unknown file extension .ts". Each worker thread registers tsx for itself here: on Node 20 every
// thread has its own hooks, and preloads never run in the hooks thread.
import { isMainThread } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

if (!isMainThread) register();
