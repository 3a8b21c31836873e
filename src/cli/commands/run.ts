import { describeAmount } from '../../checks/excerpt.js';
import { describeExit } from '../../engine/program/exit-info.js';
import { describeMemoryExceeded } from '../../engine/limits/memory-watch.js';
import { onInterrupt, signalExitCode, type InterruptSignal } from '../../engine/terminate/interrupts.js';
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
  // Ctrl-C, a kill or a closed terminal stops the learner's program and all it started; the command then
  // exits as a shell expects of that signal (130, 143, 129). Listened for before the program starts, so that
  // no moment is left where the signal's default action would end this command and leave the program.
  let offInterrupt = () => {};
  const interrupted = new Promise<InterruptSignal>((resolve) => (offInterrupt = onInterrupt(resolve)));
  const { program, port, commandLine, until, memoryExceeded, notes, stopServices } = await startSampleRun(lesson, file);
  for (const note of notes) process.stderr.write(`(${note})\n`);
  process.stderr.write(`$ ${commandLine}\n`);
  program.stdout.onLine((text) => process.stdout.write(`${text}\n`));
  program.stderr.onLine((text) => process.stderr.write(`${text}\n`));
  for (const capture of [program.stdout, program.stderr]) capture.onOverflow((overflow) => process.stderr.write(`(more than ${describeAmount(overflow.limit)} on ${overflow.stream}: the rest is not shown)\n`));
  if (until === 'interrupt') process.stderr.write(`(pid ${program.pid}${port !== undefined ? `, PORT ${port}` : ''}; press Ctrl-C to stop it)\n`);
  const ended = await Promise.race([program.exited.then(() => undefined), interrupted, memoryExceeded]);
  offInterrupt();
  await program.stop();
  await stopServices();
  if (ended === undefined) process.stderr.write(`(the program ${describeExit(program.exitInfo!)})\n`);
  else if (typeof ended === 'object') process.stderr.write(`(the program ${describeMemoryExceeded(ended)}: stopped)\n`);
  else process.stderr.write('(stopped)\n');
  if (typeof ended === 'object') return 1;
  return ended === undefined ? 0 : signalExitCode(ended);
}
