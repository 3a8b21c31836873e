import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

// Every option the workshop knows; each command accepts its own subset (see command-options.ts).
const optionConfig = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  instructor: { type: 'boolean' },
  solution: { type: 'boolean' },
  'no-ui': { type: 'boolean' },
  junit: { type: 'string' },
  concurrency: { type: 'string' },
  sandbox: { type: 'boolean' },
  'no-sandbox': { type: 'boolean' },
  shard: { type: 'string' },
  memory: { type: 'string' },
} as const;

// A command line split into the command, its positional arguments and its options.
export interface CommandLine {
  command: string | undefined;
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
}

// Parses argv with node's own parser (no dependency, no start-up cost); unknown options are usage errors.
export function parseCommandLine(argv: string[]): CommandLine {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: optionConfig, allowPositionals: true, strict: true });
    const [command, ...rest] = positionals;
    return { command, positionals: rest, options: values };
  } catch (error) {
    // Node's messages are good but long; keep the first sentence.
    throw new UsageError((error as Error).message.split('. ')[0]!.replace(/\.$/, ''));
  }
}
