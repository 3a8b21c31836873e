// What a student's program may see of the grading machine's environment: enough to run, nothing personal.
// HOME and the temporary folder point into the run's own folder, so the instructor's home (tokens in
// ~/.npmrc, ~/.config) is not even named. The check's own variables (PORT, WORKERS, …) are added on top.
const allowlist = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'SystemRoot', 'SYSTEMROOT', 'ComSpec', 'PATHEXT', 'WINDIR'] as const;

// The base environment of one graded run, built from the allowlist alone.
export function gradeEnv(workDir: string, from: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of allowlist) {
    if (from[name] !== undefined) env[name] = from[name];
  }
  env.HOME = workDir;
  env.TMPDIR = workDir;
  env.TEMP = workDir;
  env.TMP = workDir;
  return env;
}
