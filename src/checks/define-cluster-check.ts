import type { CheckSettings } from './check-context.js';
import { ClusterCheckContext } from './cluster-check-context.js';
import type { Check } from './define-check.js';

/**
 * Declares a cluster lesson's check: it runs with the cluster API (ports, HTTP, workers, the process
 * tree), which only these lessons load.
 */
export function defineClusterCheck(check: (t: ClusterCheckContext) => Promise<void>): Check {
  const run = ((t) => check(t as ClusterCheckContext)) as Check;
  run.createContext = (settings: CheckSettings) => new ClusterCheckContext(settings);
  return run;
}
