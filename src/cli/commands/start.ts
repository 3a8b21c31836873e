import { setFlagsFromString } from 'node:v8';
import { colorsEnabled } from '../../terminal/colors.js';
import { inCi } from '../../terminal/in-ci.js';
import { expectOptions } from '../command-options.js';
import type { CommandLine } from '../parse-command-line.js';

// No command: the terminal UI when a learner sits at a terminal; otherwise (piped, CI, --no-ui) the
// course overview and the commands to use instead. Each is loaded only when it is the one used.
export async function start(line: CommandLine): Promise<number> {
  const options = expectOptions(line, { max: 0, options: ['instructor', 'no-ui'] });
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (options['no-ui'] || !terminal || inCi()) {
    const { overview } = await import('./overview.js');
    return overview({ ...line, options: {} });
  }
  // Colours follow NO_COLOR (https://no-color.org); ink's colour library reads FORCE_COLOR only.
  if (!colorsEnabled(process.stdout)) process.env.FORCE_COLOR = '0';
  keepYoungGenerationSmall();
  const { runUi } = await withoutFetch(() => import('../../ui/run-ui.js'));
  return runUi({ instructor: options.instructor === true });
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

// V8 doubles its young generation (up to 16 MB a semi-space, 32 MB resident) while many objects survive
// their first collection, as they do while the UI loads and while ink draws frames. The UI's objects are
// small and short-lived: at its first size (1 MB a semi-space on every supported Node) the young generation
// costs about 20 MB less at the peak, for a few more, shorter, scavenges. V8 reads this flag each time it
// would grow the space, so setting it here, before the UI loads, takes effect in this process.
function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
