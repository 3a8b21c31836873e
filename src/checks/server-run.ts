import type { Program } from '../engine/program/program.js';

/** A server program a check started: the process and the port it must serve on. A cluster run adds its workers. */
export interface ServerRun {
  program: Program;
  /** The port it must serve on: PORT as set, or 8000 when PORT was left unset. */
  port: number;
  /** True when PORT was left unset for this run: the program must use its default, 8000. */
  portUnset: boolean;
}

/** Where a run must listen, as a learner reads it: "port 41234 (PORT)", "port 8000 (PORT unset: the default)". */
export function describePort(run: Pick<ServerRun, 'port'> & { portUnset?: boolean }): string {
  return run.portUnset ? `port ${run.port} (PORT unset: the default)` : `port ${run.port} (PORT)`;
}
