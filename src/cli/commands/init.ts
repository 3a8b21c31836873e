import path from 'node:path';
import { LessonError } from '../../lessons/lesson-error.js';
import { initWorkspace } from '../../workspace/init-workspace.js';
import { DEFAULT_WORKSPACE_NAME } from '../../workspace/workspace-paths.js';
import type { CommandLine } from '../parse-command-line.js';
import { expectOptions } from '../command-options.js';
import { UsageError } from '../usage-error.js';
import { workshopCommand } from '../../terminal/workshop-command.js';
import { listLessonFolders } from '../../lessons/lesson-folders.js';
import { LESSON_TEXT_EXTENSION } from '../../workspace/lesson-document.js';

// init [dir]: creates a workspace with one starter file and one lesson text per lesson; never overwrites a file.
export async function init(line: CommandLine): Promise<number> {
  expectOptions(line, { max: 1, options: ['instructor'] });
  const dir = line.positionals[0] ?? DEFAULT_WORKSPACE_NAME;
  let report;
  try {
    report = initWorkspace(dir);
  } catch (error) {
    if (error instanceof LessonError) throw error;
    throw new UsageError(`cannot create a workspace in ${path.resolve(dir)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const where = path.relative(process.cwd(), report.workspace) || '.';
  const command = workshopCommand();
  const first = listLessonFolders()[0];
  process.stdout.write(`Workspace: ${report.workspace}\n`);
  if (report.created.length > 0) process.stdout.write(`Created ${report.created.length} starter files: ${report.created.join(', ')}\n`);
  if (report.texts.length > 0) process.stdout.write(`Created ${report.texts.length} lesson texts: ${report.texts.join(', ')}\n`);
  if (report.kept.length > 0) process.stdout.write(`Kept ${report.kept.length} existing files: ${report.kept.join(', ')}\n`);
  if (report.keptTexts.length > 0) process.stdout.write(`Kept ${report.keptTexts.length} existing lesson texts: ${report.keptTexts.join(', ')}\n`);
  // Lessons 14 and 15 import their clients (redis, pg) from the workspace's own node_modules.
  const install = report.listed.length > 0 ? 'npm install' : report.unlisted.length > 0 ? `npm install ${report.unlisted.join(' ')}` : undefined;
  const steps: [string, string][] = [
    [`cd ${where}`, ''],
    ...(install ? [[install, `installs ${[...report.listed, ...report.unlisted].join(', ')} (the Redis and PostgreSQL clients of lessons 14 and 15)`] as [string, string]] : []),
    [command, 'open the workshop'],
    ...(first
      ? ([
          [`${command} show ${first.number}`, `the text of lesson ${first.number} (also in ${first.name}${LESSON_TEXT_EXTENSION})`],
          [`${command} verify ${first.number}`, `check ${first.name}.js`],
        ] as [string, string][])
      : []),
  ];
  const column = Math.max(...steps.map(([step]) => step.length)) + 3;
  process.stdout.write(`\nNext:\n${steps.map(([step, what]) => `  ${what ? step.padEnd(column) + what : step}`).join('\n')}\n`);
  return 0;
}
