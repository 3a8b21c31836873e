// What a student's program may see of the grading machine's environment: enough to run, nothing personal.
// HOME and the temporary folder point at the run's own folders, so the instructor's home (tokens in
// ~/.npmrc, ~/.config) is not even named. The check's own variables (PORT, WORKERS, …) are added on top.
const allowlist = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'SystemRoot', 'SYSTEMROOT', 'ComSpec', 'PATHEXT', 'WINDIR'] as const;

// The run's own folders: its HOME and its temporary folder (the same folder when no sandbox gives it a /tmp).
export interface RunFolders {
  home: string;
  tmp: string;
}

// The base environment of one graded run, built from the allowlist alone.
export function gradeEnv(folders: RunFolders, from: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of allowlist) {
    if (from[name] !== undefined) env[name] = from[name];
  }
  env.HOME = folders.home;
  env.TMPDIR = folders.tmp;
  env.TEMP = folders.tmp;
  env.TMP = folders.tmp;
  return env;
}
