import { listProcesses, readCommandLine } from '../../src/engine/process-table.js';

// The live processes whose command line names something under `dir` (a student's program copied there,
// its workers, the children it spawned on its own file).
export function processesRunningUnder(dir: string): { pid: number; command: string }[] {
  return listProcesses()
    .filter((info) => info.pid !== process.pid)
    .map((info) => ({ pid: info.pid, command: readCommandLine(info.pid)?.join(' ') ?? '' }))
    .filter((found) => found.command.includes(dir));
}
