import path from 'node:path';
import { LessonError } from '../../lessons/lesson-error.js';
import { initWorkspace } from '../../workspace/init-workspace.js';
import { DEFAULT_WORKSPACE_NAME } from '../../workspace/workspace-paths.js';
import type { CommandLine } from '../parse-command-line.js';
import { expectOptions } from '../command-options.js';
import { UsageError } from '../usage-error.js';

// init [dir]: creates a workspace with one starter file per lesson; never overwrites a file.
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
  process.stdout.write(`Workspace: ${report.workspace}\n`);
  if (report.created.length > 0) process.stdout.write(`Created ${report.created.length} starter files: ${report.created.join(', ')}\n`);
  if (report.kept.length > 0) process.stdout.write(`Kept ${report.kept.length} existing files: ${report.kept.join(', ')}\n`);
  // Lesson 14's program imports a Redis client from the workspace's own node_modules.
  const install = report.listed.length > 0 ? 'npm install' : report.unlisted.length > 0 ? `npm install ${report.unlisted.join(' ')}` : undefined;
  const installLine = install ? `  ${install.padEnd(31)}installs ${[...report.listed, ...report.unlisted].join(', ')} (lesson 14's Redis client)\n` : '';
  process.stdout.write(`\nNext:\n  cd ${where}\n${installLine}  scaling-node-workshop            open the workshop\n  scaling-node-workshop verify 1   check 01-hello.js\n`);
  return 0;
}
