import path from 'node:path';
import { render } from 'ink';
import { listLessonFolders } from '../lessons/lesson-folders.js';
import { readLessonTitle } from '../lessons/lesson-title.js';
import { colorsEnabled } from '../terminal/colors.js';
import { findWorkspace } from '../workspace/find-workspace.js';
import { DEFAULT_WORKSPACE_NAME } from '../workspace/workspace-paths.js';
import { App, type Interrupts } from './screens/app.js';
import { ColorContext } from './state/color-context.js';
import { TaskContext, TaskRegistry } from './state/task-registry.js';
import { enterFullScreen } from './full-screen.js';

export interface UiOptions {
  instructor: boolean;
  cwd?: string;
  /** Shown as the first notice (what a killed workshop left behind and was stopped). */
  notice?: string;
}

// The workspace the UI opens: the one holding the current folder, or the default one created here before.
function locateWorkspace(cwd: string): string | undefined {
  return findWorkspace(cwd) ?? findWorkspace(path.join(cwd, DEFAULT_WORKSPACE_NAME));
}

// Signals the app handles like keys: SIGINT as Ctrl-C, SIGTERM and SIGHUP as quit.
function processInterrupts(): Interrupts & { dispose: () => void } {
  const listeners = new Set<(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP') => void>();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const handlers = signals.map((signal) => {
    const handler = () => listeners.forEach((listener) => listener(signal));
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => handlers.forEach((off) => off()),
  };
}

// Opens the terminal UI on the alternate screen and returns the exit code once the learner quits.
// The terminal is restored (screen, cursor, line mode) on every way out, a crash included.
export async function runUi(options: UiOptions): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const lessons = listLessonFolders().map((folder) => ({ folder, title: readLessonTitle(folder) }));
  const screen = enterFullScreen(process.stdout, process.stdin);
  const interrupts = processInterrupts();
  let code = 0;
  try {
    const instance = render(
      <ColorContext.Provider value={colorsEnabled(process.stdout)}>
        <TaskContext.Provider value={new TaskRegistry()}>
          <App lessons={lessons} workspace={locateWorkspace(cwd)} cwd={cwd} instructor={options.instructor} notice={options.notice} interrupts={interrupts} onExit={(exitCode) => (code = exitCode)} />
        </TaskContext.Provider>
      </ColorContext.Provider>,
      { exitOnCtrlC: false, patchConsole: true, incrementalRendering: false },
    );
    await instance.waitUntilExit();
  } catch (error) {
    screen.restore();
    process.stderr.write(`scaling-node-workshop: the workshop's screen failed: ${(error as Error)?.message ?? String(error)}\n`);
    if (process.env.SCALING_NODE_WORKSHOP_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    code = 1;
  } finally {
    interrupts.dispose();
    screen.restore();
  }
  return code;
}
