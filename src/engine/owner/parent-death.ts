import { readFileSync } from 'node:fs';
import { findExecutable } from '../find-executable.js';
import { hasProcTable } from '../proc/process-table.js';

let setpriv: string | null | undefined;

// util-linux's setpriv, when it is there and knows --pdeathsig (2.33 and later); null otherwise. Looked up
// once. The option's name is in the binary of every setpriv that has it, and in none before: reading 80 kB
// takes a fraction of a millisecond, where running `setpriv --pdeathsig KILL -- true` to find out cost every
// verification some 4 ms before its program could start. A setpriv that is a script, or a busybox without
// the option, is not used: the guardian still ends what a killed workshop leaves.
function findSetpriv(): string | null {
  if (setpriv !== undefined) return setpriv;
  const found = hasProcTable ? findExecutable('setpriv') : undefined;
  setpriv = found && knowsPdeathsig(found) ? found : null;
  return setpriv;
}

function knowsPdeathsig(file: string): boolean {
  try {
    return readFileSync(file).includes('--pdeathsig');
  } catch {
    return false;
  }
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
