// Preloaded (--import, after tsx) into a TypeScript program on the Nodes where tsx registers its loader in the
// main thread only (see workersNeedTsx in loader-args.ts; tsx issue 354). A worker thread gets none of the main
// thread's hooks there, so `new Worker(new URL('./fib-worker.ts', import.meta.url))` fails with "Unknown file
// extension .ts" (or, from Node 23.6, Node's own type stripping refuses an enum). Each worker thread registers
// tsx for itself: every thread has its own hooks there. Never in Node's hooks thread (no preload runs in it on
// the Nodes measured; the guard keeps it so).
import { register } from 'tsx/esm/api';

// Read off the running Node's module: isInternalThread exists from Node 22.14 and 23.7 only.
const { isMainThread, isInternalThread } = process.getBuiltinModule('node:worker_threads') as { isMainThread: boolean; isInternalThread?: boolean };
if (!isMainThread && !isInternalThread) register();
