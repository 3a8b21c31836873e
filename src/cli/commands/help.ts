import type { CommandLine } from '../parse-command-line.js';
import { workshopCommand } from '../../terminal/workshop-command.js';

// Each command: how it is called (after the workshop's own command), and what it does, one line each.
type Usage = [call: string, ...description: string[]];

const learnerCommands: Usage[] = [
  ['', 'open the workshop (in a terminal)'],
  ['init [dir]', 'create a workspace (default ./scaling-node-workshop)'],
  ['list [--json]', 'the lessons and your progress'],
  ['show <lesson>', 'the lesson\'s text (also: print <lesson>)'],
  ['run <lesson> [file]', 'run your program on the lesson\'s sample input'],
  ['verify <lesson> [file] [--json] [--solution]', 'check your program (exit 0 passed, 1 failed, 2 usage error,', '3 needs something this machine lacks, e.g. Redis: not checked)'],
  ['hint <lesson>', 'the next hint for a lesson'],
  ['solution <lesson>', 'the reference solution (once you have passed the lesson)'],
];

const instructorCommands: Usage[] = [
  ['check [--json] [--concurrency N]', 'check every lesson: files, data, starter fails, solution passes'],
  [
    'grade <dir> [--json] [--junit <file>] [--concurrency N] [--shard i/n] [--sandbox | --no-sandbox] [--memory MB]',
    'grade a class: <dir>/<student>/06-signals.js, ...; a lesson with',
    'two files (06-signals.js and .ts) is an error, not a guess; each',
    'run is sandboxed with bubblewrap where it works (--sandbox: must),',
    "a student's programs held to 512 MB (--memory raises it), 64",
    'processes and 64 MB of disk; --shard 2/3 grades the second third',
  ],
  ['grade merge <report.json>... [--json] [--junit <file>]', 'the --json reports of every shard as one class\'s report'],
];

// The descriptions start in one column; a call too long for it gets its description on the next lines.
function formatUsages(command: string, usages: Usage[]): string {
  const column = 2 + command.length + 1 + 22;
  return usages
    .map(([call, ...description]) => {
      const head = `  ${command}${call ? ` ${call}` : ''}`;
      const pad = ' '.repeat(column);
      const [first, ...rest] = description;
      const lines = head.length + 2 <= column ? [`${head.padEnd(column)}${first}`] : [head, `${pad}${first}`];
      return [...lines, ...rest.map((line) => `${pad}${line}`)].join('\n');
    })
    .join('\n');
}

function usage(command: string): string {
  return `scaling-node-workshop: how a Node.js program lives on the command line, and how it scales across cores

Usage:
${formatUsages(command, learnerCommands)}

For authors and instructors:
${formatUsages(command, instructorCommands)}

For authors:
  scaling-node-workshop new-lesson <slug>     start the course's next lesson in a clone of the repository:
                                              its folder, solution, test and fixtures, each with what to
                                              write marked ✎; check lists what is left

A lesson is named lesson-6, 6, 06 or signals. Without a file, the workspace's file (06-signals.js,
or .mjs, .cjs, .ts, .mts, .cts) is used, found from the current folder or its parents.

Lesson 14 needs Redis: its check starts a private redis-server when one is on PATH, else uses the
Redis at REDIS_URL (redis://host:port); with neither, verify says so and exits 3. Lesson 15 needs
PostgreSQL in the same way: a private server when initdb and postgres are installed, else DATABASE_URL.
run 14 and run 15 start the same private server as their check.

Options:
  --instructor   open every solution and hint (accepted by every command)
  --no-ui        print the course overview instead of opening the workshop
  -h, --help     this help
  -v, --version  the version
`;
}

// --help: what the workshop can do.
export async function help(_line: CommandLine): Promise<number> {
  process.stdout.write(usage(workshopCommand()));
  return 0;
}
