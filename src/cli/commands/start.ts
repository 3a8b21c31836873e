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
  const { runUi } = await import('../../ui/run-ui.js');
  return runUi({ instructor: options.instructor === true });
}
