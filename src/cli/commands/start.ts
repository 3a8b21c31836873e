import { setFlagsFromString } from 'node:v8';
import { colorsEnabled } from '../../terminal/colors.js';
import { inCi } from '../../terminal/in-ci.js';
import { expectOptions } from '../command-options.js';
import type { CommandLine } from '../parse-command-line.js';

// No command: the terminal UI when a learner sits at a terminal; otherwise (piped, CI, --no-ui) the
// course overview and the commands to use instead. Each is loaded only when it is the one used. `notice`
// (what a killed workshop left and was stopped) is the UI's first notice, or a line on stderr.
export async function start(line: CommandLine, notice?: string): Promise<number> {
  const options = expectOptions(line, { max: 0, options: ['instructor', 'no-ui'] });
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (options['no-ui'] || !terminal || inCi()) {
    if (notice) process.stderr.write(`scaling-node-workshop: ${notice}\n`);
    const { overview } = await import('./overview.js');
    return overview({ ...line, options: {} });
  }
  // Colours follow NO_COLOR (https://no-color.org); ink's colour library reads FORCE_COLOR only.
  if (!colorsEnabled(process.stdout)) process.env.FORCE_COLOR = '0';
  keepMemorySmall();
  const { runUi } = await withoutFetch(() => import('../../ui/run-ui.js'));
  return runUi({ instructor: options.instructor === true, notice });
}

// Runs `load` with the global fetch hidden. yoga, ink's layout engine, asks `typeof fetch` while
// it loads its embedded WebAssembly (it then uses the embedded copy anyway), and on Node 20 that
// question alone loads the whole built-in HTTP client, some 40 ms of the first screen's time.
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!fetch?.configurable) return load();
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', fetch);
  }
}

// The UI holds little (some 15 MB of live objects) but draws a frame every 80 ms while a check runs (the
// spinner), and V8's defaults, made for busy servers, let such a process grow far past what it holds. V8's
// flags below are read each time V8 decides, so setting them here, before the UI loads, takes effect:
// - the young generation stays at its first size (1 MB a semi-space) instead of doubling up to 16 MB, or
//   64 MB on Node 24 (twice that resident), while objects survive their first collection;
// - the old generation may grow by a fifth over what the last full collection kept, not up to four times;
// - no optimizing compiler (code runs in V8's interpreter and baseline compiler): their compilations on
//   background threads leave up to 14 MB of malloc arenas behind, and a UI session spends less CPU time
//   without them (the verifier's own work is a little slower: `verify 3`'s 100,000 lines take ~10% longer).
// Together 30 to 50 MB less at the peak, depending on the Node version (see docs/authors.md).
const SMALL_MEMORY_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=20', '--no-turbofan', '--no-maglev'];

function keepMemorySmall(): void {
  for (const flag of SMALL_MEMORY_FLAGS) setFlagsFromString(flag);
}
