import path from 'node:path';
import { lazy, Suspense, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { Box, Text, useApp } from 'ink';
import { initWorkspace } from '../../workspace/init-workspace.js';
import { resetLearnerFile, type ResetReport } from '../../workspace/reset-learner-file.js';
import { appReducer, initialState } from '../state/app-state.js';
import { lessonStatuses, type CourseLesson } from '../state/course-lessons.js';
import { CourseScreen } from './course-screen.js';
import { loadHighlighter } from '../text/highlighter.js';
import { SetupScreen } from './setup-screen.js';
import { shortPath } from '../text/short-path.js';
import { useTasks } from '../state/task-registry.js';
import { KeyboardProvider, useKeys } from '../hooks/use-keys.js';
import { useProgress } from '../hooks/use-progress.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';

// The lesson screen and all it needs (markdown, diffs, the check runner, the file watcher) are not
// needed to draw the course: they load in the background once the first screen is up.
const loadLessonScreen = () => import('./lesson-screen.js');
const LessonScreen = lazy(async () => ({ default: (await loadLessonScreen()).LessonScreen }));

// Interruptions from outside the keyboard: SIGINT (Ctrl-C when the terminal is not in raw mode)
// and SIGTERM/SIGHUP (the terminal or the system closes the workshop).
export interface Interrupts {
  subscribe: (listener: (signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP') => void) => () => void;
}

export interface AppProps {
  lessons: readonly CourseLesson[];
  workspace: string | undefined;
  cwd: string;
  instructor: boolean;
  /** A notice to show from the first screen on. */
  notice?: string;
  interrupts?: Interrupts;
  /** Called with the exit code once every task has cleaned up, just before the UI closes. */
  onExit?: (code: number) => void;
}

// The whole terminal UI: the setup offer, the course, a lesson; Ctrl-C and quitting for all of them.
export function App(props: AppProps) {
  return (
    <KeyboardProvider>
      <Workshop {...props} />
    </KeyboardProvider>
  );
}

function Workshop({ lessons, workspace: initialWorkspace, cwd, instructor, notice, interrupts, onExit }: AppProps) {
  const { exit } = useApp();
  const tasks = useTasks();
  const size = useTerminalSize();
  const [state, dispatch] = useReducer(appReducer, initialWorkspace, (workspace) => initialState(workspace));
  const progress = useProgress(state.workspace);
  // The cursor starts on the lesson to do next (set while rendering: the first frame shows it there).
  const [placed, setPlaced] = useState(false);
  if (!placed) {
    setPlaced(true);
    const current = lessonStatuses(lessons, progress.progress).indexOf('current');
    if (current > 0) dispatch({ type: 'select', index: current });
    if (notice) dispatch({ type: 'notice', notice: { text: `${notice[0]!.toUpperCase()}${notice.slice(1)}.`, tone: 'warning' } });
  }
  const [skippedSetup, setSkippedSetup] = useState(false);
  const quitting = useRef(false);

  // Quitting waits for running checks and runs to stop their programs; a second request quits at once
  // (the engine's exit hook still kills every process group left).
  const quit = useCallback(
    (code = 0) => {
      if (quitting.current) {
        onExit?.(code);
        exit();
        return;
      }
      quitting.current = true;
      dispatch({ type: 'quit' });
      void tasks.cancelAll().then(() => {
        onExit?.(code);
        exit();
      });
    },
    [tasks, exit, onExit],
  );

  // Ctrl-C cancels what runs; with nothing running (or pressed again) it quits.
  const interrupt = useCallback(() => {
    if (!quitting.current && tasks.busy) {
      void tasks.cancelAll();
      dispatch({ type: 'notice', notice: { text: 'Cancelled. Ctrl-C again or q quits.', tone: 'warning' } });
    } else quit();
  }, [tasks, quit]);

  useKeys((input, key) => {
    if (key.ctrl && input === 'c') interrupt();
  });

  // SIGINT is Ctrl-C by another way; SIGTERM and SIGHUP (the terminal went away) quit, with the
  // exit code a shell expects after such a signal.
  useEffect(() => interrupts?.subscribe((signal) => (signal === 'SIGINT' ? interrupt() : quit(signal === 'SIGHUP' ? 129 : 143))), [interrupts, interrupt, quit]);

  // Load the lesson screen, then the syntax highlighter, in the background once the first screen is up.
  useEffect(() => {
    const timer = setTimeout(() => {
      void loadLessonScreen()
        .then(() => loadHighlighter())
        .catch(() => {});
    }, 20);
    return () => clearTimeout(timer);
  }, []);

  // Re-read progress on entering a screen: `scaling-node-workshop hint` may have run meanwhile.
  const { refresh } = progress;
  useEffect(() => refresh(), [state.screen, refresh]);

  const create = (dir: string) => {
    try {
      const report = initWorkspace(dir);
      const files = report.created.filter((name) => name !== 'package.json').length;
      dispatch({
        type: 'workspace-created',
        workspace: report.workspace,
        notice: {
          text: `Created ${shortPath(report.workspace, cwd)} with ${files} starter files: open it in your editor${report.listed.length > 0 ? ", and run npm install there for lesson 14's Redis client" : ''}.`,
          tone: 'success',
        },
      });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      dispatch({ type: 'notice', notice: { text: `Cannot create a workspace in ${dir}: ${reason}`, tone: 'error' } });
    }
  };

  const reset = (index: number): ResetReport | undefined => {
    const lesson = lessons[index];
    if (!state.workspace || !lesson) return undefined;
    try {
      const report = resetLearnerFile(state.workspace, lesson.folder);
      const kept = report.backups.map((backup) => path.relative(state.workspace!, backup)).join(', ');
      const text = kept ? `${path.basename(report.file)} is the starter again. Your file was kept as ${kept}.` : `Created ${path.basename(report.file)} from its starter.`;
      dispatch({ type: 'answered-reset', notice: { text, tone: 'success' } });
      return report;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      dispatch({ type: 'answered-reset', notice: { text: `Could not reset ${lesson.folder.name}: ${reason}`, tone: 'error' } });
      return undefined;
    }
  };

  let screen;
  if (state.quitting) {
    screen = <Text color="yellow">Stopping the programs still running…</Text>;
  } else if (state.screen === 'setup' && !skippedSetup) {
    screen = (
      <SetupScreen
        cwd={cwd}
        width={size.columns - 2}
        lessonCount={lessons.length}
        instructor={instructor}
        notice={state.notice}
        onCreate={create}
        onSkip={() => {
          setSkippedSetup(true);
          dispatch({ type: 'back' });
        }}
        onQuit={() => quit()}
      />
    );
  } else if (state.screen === 'lesson') {
    screen = (
      <Suspense fallback={<Text dimColor>Opening the lesson…</Text>}>
        <LessonScreen
          key={state.selected}
          lessons={lessons}
          state={state}
          dispatch={dispatch}
          progress={progress}
          size={size}
          instructor={instructor}
          cwd={cwd}
          onQuit={() => quit()}
          onReset={reset}
        />
      </Suspense>
    );
  } else {
    screen = (
      <CourseScreen
        lessons={lessons}
        state={state}
        progress={progress}
        dispatch={dispatch}
        onQuit={() => quit()}
        onReset={(index) => void reset(index)}
        size={size}
        instructor={instructor}
        cwd={cwd}
      />
    );
  }

  // One line short of the terminal's height: ink then redraws in place instead of clearing the screen.
  return (
    <Box flexDirection="column" width={size.columns} height={Math.max(1, size.rows - 1)} paddingX={1}>
      {screen}
    </Box>
  );
}
