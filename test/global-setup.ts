import { leftoverProcesses, processStartTicks } from './helpers/leftover-processes.js';

let suiteStartTicks = 0;

// Before the whole suite: remember when it started, so only processes it started are judged.
export function setup(): void {
  suiteStartTicks = processStartTicks(process.pid) ?? 0;
}

// After the whole suite: nothing a test started may still be running.
export function teardown(): void {
  const left = leftoverProcesses(suiteStartTicks);
  if (left.length > 0) {
    throw new Error(`the test suite left ${left.length} process(es) running:\n${left.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`);
  }
}
