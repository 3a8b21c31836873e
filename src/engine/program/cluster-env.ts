// The environment of a cluster lesson's run: the port to serve on, how many workers to fork, and round
// robin on every platform (Windows otherwise lets the OS choose, which makes the workers' turns random).
export function clusterEnv(options: { port: number | undefined; workers: number | undefined }): Record<string, string | undefined> {
  return {
    // undefined removes it: the program must then listen on its default, 8000.
    PORT: options.port === undefined ? undefined : String(options.port),
    // undefined removes it: the program must then fork one worker per CPU.
    WORKERS: options.workers === undefined ? undefined : String(options.workers),
    NODE_CLUSTER_SCHED_POLICY: 'rr',
  };
}
