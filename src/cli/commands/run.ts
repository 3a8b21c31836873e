import { describeAmount } from '../../checks/excerpt.js';
import { describeExit } from '../../engine/exit-info.js';
import { loadLesson } from '../../lessons/load-lesson.js';
import { startSampleRun } from '../../lessons/sample-run.js';
import type { CommandLine } from '../parse-command-line.js';
import { expectOptions } from '../command-options.js';
import { resolveLearnerFile, checkReadable } from '../resolve-file.js';
import { resolveLesson } from '../resolve-lesson.js';

// run <lesson> [file]: runs the program on the lesson's sample input and shows its output, no verdict.
export async function run(line: CommandLine): Promise<number> {
  const options = expectOptions(line, { max: 2, options: ['solution', 'instructor'] });
  const lesson = loadLesson(await resolveLesson(line.positionals[0]));
  const file = options.solution ? checkReadable(lesson.solutionFile, `the reference solution of ${lesson.id}`) : resolveLearnerFile(lesson, line.positionals[1]);
  // Ctrl-C stops the learner's program and all it started, then this command ends normally
  // (listening before the program starts: a Ctrl-C at any moment finds the handler).
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const { program, port, commandLine, until } = await startSampleRun(lesson, file);
  process.stderr.write(`$ ${commandLine}\n`);
  program.stdout.onLine((text) => process.stdout.write(`${text}\n`));
  program.stderr.onLine((text) => process.stderr.write(`${text}\n`));
  for (const capture of [program.stdout, program.stderr]) capture.onOverflow((overflow) => process.stderr.write(`(more than ${describeAmount(overflow.limit)} on ${overflow.stream}: the rest is not shown)\n`));
  if (until === 'interrupt') process.stderr.write(`(pid ${program.pid}${port !== undefined ? `, PORT ${port}` : ''}; press Ctrl-C to stop it)\n`);
  const ended = await Promise.race([program.exited.then(() => 'exited' as const), interrupted.then(() => 'interrupted' as const)]);
  await program.stop();
  if (ended === 'exited') process.stderr.write(`(the program ${describeExit(program.exitInfo!)})\n`);
  else process.stderr.write('(stopped)\n');
  return 0;
}
