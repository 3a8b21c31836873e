import type { CommandLine } from '../parse-command-line.js';
import { list } from './list.js';
import { findWorkspace } from '../../workspace/find-workspace.js';

// Outside a terminal: the course list, the workspace, and the commands to use instead of the UI.
export async function overview(line: CommandLine): Promise<number> {
  await list({ ...line, command: 'list', options: {} });
  const workspace = findWorkspace();
  process.stdout.write(
    `\n${workspace ? `Workspace: ${workspace}` : 'No workspace yet: create one with  scaling-node-workshop init'}\n` +
      'Commands:\n' +
      '  scaling-node-workshop run <lesson>      run your program on sample input\n' +
      '  scaling-node-workshop verify <lesson>   check your program\n' +
      '  scaling-node-workshop hint <lesson>     the next hint\n' +
      '  scaling-node-workshop --help            everything else\n' +
      'Run scaling-node-workshop in a terminal to open the workshop.\n',
  );
  return 0;
}
