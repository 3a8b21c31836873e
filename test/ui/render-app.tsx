import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { render } from 'ink-testing-library';
import type { Check } from '../../src/checks/define-check.js';
import { listLessonFolders, type LessonFolder } from '../../src/lessons/lesson-folders.js';
import { readLessonTitle } from '../../src/lessons/lesson-title.js';
import { App } from '../../src/ui/screens/app.js';
import { CheckLoaderContext } from '../../src/ui/state/check-loader.js';
import { ColorContext } from '../../src/ui/state/color-context.js';
import type { CourseLesson } from '../../src/ui/state/course-lessons.js';
import { TaskContext, TaskRegistry } from '../../src/ui/state/task-registry.js';
import { initWorkspace } from '../../src/workspace/init-workspace.js';
import { repoRoot } from '../helpers/paths.js';

/** Keys as a terminal sends them. */
export const keys = {
  enter: '\r',
  escape: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  pageDown: '\x1b[6~',
  ctrlC: '\x03',
} as const;

// The course as the UI lists it.
export function courseLessons(): CourseLesson[] {
  return listLessonFolders().map((folder) => ({ folder, title: readLessonTitle(folder) }));
}

// Checks from their TypeScript source, so they share the engine's modules with the UI under test.
export const sourceCheckLoader = async (folder: LessonFolder) => (await import(path.join(repoRoot, 'lessons', folder.name, 'check.ts'))).default as Check;

// A new empty folder (its name marks processes started from it for the leftover check).
export function tempFolder(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'snw-test-ui-'));
}

// A folder holding a fresh workspace (every lesson's starter file).
export function tempWorkspace(): string {
  const dir = tempFolder();
  initWorkspace(dir);
  return dir;
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

// Pretends the test terminal has this size (ink-testing-library's is 100 columns, no rows).
export function resizeTerminal(stdout: NodeJS.EventEmitter, columns: number, rows: number): void {
  Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
  stdout.emit('resize');
}

// The whole UI on a fake 80×24 terminal, colours off, with helpers to type and to wait for the screen.
export function renderApp({ workspace, cwd, instructor = false, columns = 80, rows = 24, notice }: { workspace: string | undefined; cwd?: string; instructor?: boolean; columns?: number; rows?: number; notice?: string }) {
  const tasks = new TaskRegistry();
  const exits: number[] = [];
  // The fake terminal gets its size before the app first looks at it.
  const view = render(null);
  resizeTerminal(view.stdout, columns, rows);
  view.rerender(
    <ColorContext.Provider value={false}>
      <CheckLoaderContext.Provider value={sourceCheckLoader}>
        <TaskContext.Provider value={tasks}>
          <App lessons={courseLessons()} workspace={workspace} cwd={cwd ?? workspace ?? os.tmpdir()} instructor={instructor} notice={notice} onExit={(code) => exits.push(code)} />
        </TaskContext.Provider>
      </CheckLoaderContext.Provider>
    </ColorContext.Provider>,
  );
  const frame = () => view.lastFrame() ?? '';
  return {
    ...view,
    tasks,
    exits,
    frame,
    press: (...sequence: string[]) => {
      for (const key of sequence) view.stdin.write(key);
    },
    // Waits until the screen shows the text (or passes the test), polling against a deadline.
    waitFor: async (expected: string | RegExp | ((screen: string) => boolean), timeout = 10_000) => {
      const matches = typeof expected === 'function' ? expected : (screen: string) => (typeof expected === 'string' ? screen.includes(expected) : expected.test(screen));
      await vi.waitFor(
        () => {
          if (!matches(frame())) throw new Error(`the screen does not show ${String(expected)}; it shows:\n${frame()}`);
        },
        { timeout, interval: 15 },
      );
      return frame();
    },
    // Unmounts and waits until every check and run has cleaned up its processes.
    close: async () => {
      await tasks.cancelAll();
      view.unmount();
      view.cleanup();
    },
  };
}
