import type { CommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

// What a command accepts: how many positional arguments, and which options.
export interface CommandShape {
  max: number;
  options: readonly string[];
}

// The options a command was given, after refusing those it does not take and extra arguments.
export function expectOptions(line: CommandLine, shape: CommandShape): Record<string, string | boolean | undefined> {
  const name = line.command ?? 'the workshop';
  for (const [option, value] of Object.entries(line.options)) {
    if (value !== undefined && !shape.options.includes(option)) throw new UsageError(`${name} does not take --${option}`);
  }
  if (line.positionals.length > shape.max) throw new UsageError(`${name}: unexpected argument "${line.positionals[shape.max]}"`);
  return line.options;
}
