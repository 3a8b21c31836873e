import type { CommandLine } from '../parse-command-line.js';
import { overview } from './overview.js';

// No command: the course overview (the terminal UI is opened here once a terminal is attached).
export async function start(line: CommandLine): Promise<number> {
  return overview(line);
}
