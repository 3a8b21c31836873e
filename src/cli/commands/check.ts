import { checkLessons, DEFAULT_CHECK_CONCURRENCY } from '../../authoring/check-lessons.js';
import type { LessonCheckResult } from '../../authoring/check-report.js';
import { formatCheckSummary, formatLessonCheck } from '../../authoring/format-check-report.js';
import { exitOnSignals } from '../../engine/terminate/exit-on-signals.js';
import { parseConcurrency } from '../../grade/concurrency-option.js';
import { colorsEnabled, painter } from '../../terminal/colors.js';
import { expectOptions } from '../command-options.js';
import type { CommandLine } from '../parse-command-line.js';
import { UsageError } from '../usage-error.js';

// check [--json] [--concurrency N]: the authors' check of every lesson; exit 0 when all is well, 1 on any problem.
export async function check(line: CommandLine): Promise<number> {
  const options = expectOptions(line, { max: 0, options: ['json', 'concurrency', 'instructor'] });
  const concurrency = options.concurrency === undefined ? DEFAULT_CHECK_CONCURRENCY : parseConcurrency(String(options.concurrency));
  if (concurrency === undefined) throw new UsageError(`--concurrency must be a whole number of at least 1, not "${options.concurrency}"`);
  exitOnSignals();
  const paint = painter(colorsEnabled());
  // Lessons finish in any order; the report prints them in course order as soon as each one's turn comes.
  const done: (LessonCheckResult | undefined)[] = [];
  let next = 0;
  const report = await checkLessons({
    concurrency,
    onLessonChecked: (result, index) => {
      done[index] = result;
      if (options.json) return;
      while (done[next]) process.stdout.write(`${formatLessonCheck(done[next++]!, paint)}\n`);
    },
  });
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${formatCheckSummary(report, paint)}\n`);
  return report.ok ? 0 : 1;
}
