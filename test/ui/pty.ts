import { execFileSync, spawn } from 'node:child_process';

/** ANSI control sequences removed: the text a terminal shows. */
export const screenText = (output: string) => output.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-B]/g, '');

// A program running in a fresh pseudo-terminal (util-linux `script`, 80×24), as a learner starts it.
export function inTerminal(command: string[], { cwd, env }: { cwd: string; env: NodeJS.ProcessEnv }) {
  const quoted = command.map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', `stty cols 80 rows 24; exec ${quoted}`, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const waiter of [...waiters]) waiter();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    get output() {
      return output;
    },
    exited,
    type: (keys: string) => child.stdin.write(keys),
    // Ends what is still running (a test that failed midway): SIGTERM to the program, which ends its own
    // children, then to `script` if it outlived it. Resolves once `script` has exited.
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        for (const pid of childPids(child.pid!)) process.kill(pid, 'SIGTERM');
        if (childPids(child.pid!).length === 0) child.kill('SIGTERM');
      }
      await exited;
    },
    // Resolves once the terminal has shown the text; fails at the deadline with what it showed.
    waitFor: (text: string | RegExp, timeoutMs = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const matches = () => (typeof text === 'string' ? screenText(output).includes(text) : text.test(screenText(output)));
        const check = () => {
          if (!matches()) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the terminal did not show ${String(text)} within ${timeoutMs} ms; it showed:\n${screenText(output).slice(-3000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

// The processes whose parent is `pid`.
function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

// The environment of a learner's terminal: no CI markers, a real terminal type.
export function terminalEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', ...extra };
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION', 'NO_COLOR', 'FORCE_COLOR']) if (!(name in extra)) delete env[name];
  return env;
}
