// Preloaded (--import, after tsx) into a TypeScript program on the Nodes where tsx registers its loader in the
// main thread only (see workersNeedTsx in loader-args.ts; tsx issue 354). A worker thread gets none of the main
// thread's hooks there, so `new Worker(new URL('./fib-worker.ts', import.meta.url))` fails with "Unknown file
// extension .ts" (or, from Node 23.6, Node's own type stripping refuses an enum). Each worker thread registers
// tsx for itself: every thread has its own hooks there. Never in Node's hooks thread (no preload runs in it on
// the Nodes measured; the guard keeps it so).
import * as workerThreads from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const { isInternalThread } = workerThreads as { isInternalThread?: boolean };
if (!workerThreads.isMainThread && !isInternalThread) register();
