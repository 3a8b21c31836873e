import type { CommandLine } from '../parse-command-line.js';

const usage = `scaling-node-workshop: how a Node.js program lives on the command line, and how it scales across cores

Usage:
  scaling-node-workshop                       open the workshop (in a terminal)
  scaling-node-workshop init [dir]            create a workspace (default ./scaling-node-workshop)
  scaling-node-workshop list [--json]         the lessons and your progress
  scaling-node-workshop run <lesson> [file]   run your program on the lesson's sample input
  scaling-node-workshop verify <lesson> [file] [--json] [--solution]
                                              check your program (exit 0 passed, 1 failed, 2 usage error,
                                              3 needs something this machine lacks, e.g. Redis: not checked)
  scaling-node-workshop hint <lesson>         the next hint for a lesson
  scaling-node-workshop solution <lesson>     the reference solution (once you have passed the lesson)

For authors and instructors:
  scaling-node-workshop check [--json] [--concurrency N]
                                              check every lesson: files, data, starter fails, solution passes
  scaling-node-workshop grade <dir> [--json] [--junit <file>] [--concurrency N] [--shard i/n]
                                  [--sandbox | --no-sandbox] [--memory MB]
                                              grade a class: <dir>/<student>/06-signals.js, ...; a lesson with
                                              two files (06-signals.js and .ts) is an error, not a guess; each
                                              run is sandboxed with bubblewrap where it works (--sandbox: must),
                                              a student's programs held to 512 MB (--memory raises it), 64
                                              processes and 64 MB of disk; --shard 2/3 grades the second third
  scaling-node-workshop grade merge <report.json>... [--json] [--junit <file>]
                                              the --json reports of every shard as one class's report

A lesson is named lesson-6, 6, 06 or signals. Without a file, the workspace's file (06-signals.js,
or .mjs, .cjs, .ts, .mts, .cts) is used, found from the current folder or its parents.

Lesson 14 needs Redis: its check starts a private redis-server when one is on PATH, else uses the
Redis at REDIS_URL (redis://host:port); with neither, verify says so and exits 3.

Options:
  --instructor   open every solution and hint (accepted by every command)
  --no-ui        print the course overview instead of opening the workshop
  -h, --help     this help
  -v, --version  the version
`;

// --help: what the workshop can do.
export async function help(_line: CommandLine): Promise<number> {
  process.stdout.write(usage);
  return 0;
}
