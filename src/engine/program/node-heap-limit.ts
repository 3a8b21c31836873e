import { execFile } from 'node:child_process';
import { cleanEnv } from './clean-env.js';

/** How long the one-line measurement may take on a loaded machine. */
const MEASURE_TIMEOUT_MS = 10_000;

const printLimit = "import { getHeapStatistics } from 'node:v8'; process.stdout.write(String(Math.round(getHeapStatistics().heap_size_limit / 1048576)));";
const measured = new Map<number, Promise<number>>();

/**
 * The heap limit in MB (`heap_size_limit`, rounded as the lessons print it) that this very `node` gives a
 * process started with `--max-old-space-size=<heapMb>`: the old generation plus the young generation V8
 * adds, which differs between Node versions and machines. Measured once per process and value.
 */
export function nodeHeapLimitMb(heapMb: number): Promise<number> {
  let limit = measured.get(heapMb);
  if (!limit) {
    limit = new Promise<number>((resolve, reject) => {
      const args = [`--max-old-space-size=${heapMb}`, '--input-type=module', '-e', printLimit];
      execFile(process.execPath, args, { env: cleanEnv(), timeout: MEASURE_TIMEOUT_MS }, (error, stdout) => {
        const value = Number(stdout);
        if (error || !Number.isInteger(value) || value <= 0) reject(new Error(`could not measure node's heap limit for --max-old-space-size=${heapMb}: ${error?.message ?? `printed ${JSON.stringify(stdout)}`}`));
        else resolve(value);
      });
    });
    measured.set(heapMb, limit);
    // A failed measurement is tried again by the next caller rather than remembered.
    limit.catch(() => measured.delete(heapMb));
  }
  return limit;
}
