#!/usr/bin/env node
import { LessonError } from '../lessons/lesson-error.js';
import { parseCommandLine, type CommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

type Command = (line: CommandLine) => Promise<number>;

// Each command is loaded only when used, so `verify` never pays for the UI's start-up.
const commands: Record<string, () => Promise<Command>> = {
  verify: async () => (await import('./commands/verify.js')).verify,
  run: async () => (await import('./commands/run.js')).run,
  list: async () => (await import('./commands/list.js')).list,
  show: async () => (await import('./commands/show.js')).show,
  print: async () => (await import('./commands/show.js')).show,
  hint: async () => (await import('./commands/hint.js')).hint,
  solution: async () => (await import('./commands/solution.js')).solution,
  init: async () => (await import('./commands/init.js')).init,
  help: async () => (await import('./commands/help.js')).help,
  check: async () => (await import('./commands/check.js')).check,
  grade: async () => (await import('./commands/grade.js')).grade,
  'new-lesson': async () => (await import('./commands/new-lesson.js')).newLesson,
};

// The commands that run programs (undefined: the UI, whose checks do).
const RUNS_PROGRAMS = new Set([undefined, 'verify', 'run', 'check', 'grade']);

// Runs one command line and returns the exit code; errors become one line, never our stack trace.
export async function main(argv: string[]): Promise<number> {
  try {
    const line = parseCommandLine(argv);
    if (line.options.version) return (await import('./commands/version.js')).version();
    if (line.options.help || line.command === 'help') return (await commands.help!())(line);
    const load = line.command === undefined ? undefined : commands[line.command];
    if (line.command !== undefined && !load) throw new UsageError(`unknown command "${line.command}" (commands: ${Object.keys(commands).join(', ')})`);
    // Programs run with folders of their own in the temporary folder: a TMPDIR that cannot hold them is
    // said at once, not found by a check halfway through.
    if (RUNS_PROGRAMS.has(line.command)) {
      const problem = (await import('../engine/owner/temp-folders.js')).tempRootProblem();
      if (problem) throw new UsageError(problem);
    }
    // First, what a workshop that was killed left running (see sweepOrphans): the UI shows it, a command prints it.
    const { sweepOrphans, describeSwept } = await import('../engine/owner/sweep-orphans.js');
    const swept = describeSwept(sweepOrphans());
    if (!load) return await (await import('./commands/start.js')).start(line, swept);
    if (swept) process.stderr.write(`scaling-node-workshop: ${swept}\n`);
    return await (await load())(line);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`scaling-node-workshop: ${error.message}\n`);
      return 2;
    }
    if (error instanceof LessonError) {
      process.stderr.write(`scaling-node-workshop: broken lesson ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`scaling-node-workshop: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (process.env.SCALING_NODE_WORKSHOP_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    return 1;
  }
}

// A reader that goes away (`scaling-node-workshop list | head`), or a terminal that was closed (EIO), is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'EIO') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
