import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

// The absolute path of an executable found on PATH (as a shell would find it), or undefined.
export function findExecutable(name: string, pathVariable: string | undefined = process.env.PATH): string | undefined {
  const extensions = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here: the next folder on PATH.
      }
    }
  }
  return undefined;
}
