import type { CommandLine } from '../parse-command-line.js';
import { list } from './list.js';
import { findWorkspace } from '../../workspace/find-workspace.js';
import { workshopCommand } from '../../terminal/workshop-command.js';

// Outside a terminal: the course list, the workspace, and the commands to use instead of the UI.
export async function overview(line: CommandLine): Promise<number> {
  await list({ ...line, command: 'list', options: {} });
  const workspace = findWorkspace();
  const command = workshopCommand();
  process.stdout.write(
    `\n${workspace ? `Workspace: ${workspace}` : `No workspace yet: create one with  ${command} init`}\n` +
      'Commands:\n' +
      `  ${command} show <lesson>        the lesson's text\n` +
      `  ${command} run <lesson>         run your program on sample input\n` +
      `  ${command} verify <lesson>      check your program\n` +
      `  ${command} hint <lesson>        the next hint\n` +
      `  ${command} --help               everything else\n` +
      `Run ${command} in a terminal to open the workshop.\n`,
  );
  return 0;
}
