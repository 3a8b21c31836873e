import { spawnSync } from 'node:child_process';
import { findExecutable } from '../find-executable.js';
import { hasProcTable } from '../proc/process-table.js';

let setpriv: string | null | undefined;

// util-linux's setpriv, when it is there and knows --pdeathsig (2.33 and later); null otherwise. Asked once.
function findSetpriv(): string | null {
  if (setpriv !== undefined) return setpriv;
  const found = hasProcTable ? findExecutable('setpriv') : undefined;
  setpriv = found && spawnSync(found, ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore' }).status === 0 ? found : null;
  return setpriv;
}

/**
 * The command line that starts `command` so that the kernel SIGKILLs it the moment this workshop dies (Linux's
 * parent-death signal, set by `setpriv --pdeathsig KILL`, which then execs the command: same pid, same command
 * line). The signal fires when the *thread* that started the process ends: the workshop starts programs on its
 * main thread only, whose end is the workshop's. It is not passed on to what the program forks (its cluster
 * workers): those are ended by the guardian (see startGuardian). Unchanged where setpriv is missing.
 */
export function withParentDeathSignal(command: string, args: readonly string[]): [string, string[]] {
  const wrapper = findSetpriv();
  return wrapper ? [wrapper, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, [...args]];
}
