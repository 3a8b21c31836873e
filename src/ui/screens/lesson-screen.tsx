import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { SUPPORTED_EXTENSIONS } from '../../engine/program/loader-args.js';
import { loadLesson, type Lesson } from '../../lessons/load-lesson.js';
import { adaptCommands } from '../../terminal/workshop-command.js';
import { findLearnerFile, type LearnerFileLookup } from '../../workspace/learner-file.js';
import type { ResetReport } from '../../workspace/reset-learner-file.js';
import type { AppAction, AppState, LessonPanel } from '../state/app-state.js';
import { ResetQuestion } from '../components/reset-question.js';
import type { CourseLesson } from '../state/course-lessons.js';
import { HintsView } from '../components/hints-view.js';
import { KeyBar, type KeyHint } from '../components/key-bar.js';
import { keysOf, lessonCommand, type LessonCommand } from '../state/lesson-keys.js';
import { Markdown } from '../components/markdown.js';
import { NoticeLine } from '../components/notice-line.js';
import { PanelTabs } from '../components/panel-tabs.js';
import { RunView } from '../components/run-view.js';
import { ScrollBox, type ScrollPosition } from '../components/scroll-box.js';
import { shortPath } from '../text/short-path.js';
import { SolutionView } from '../components/solution-view.js';
import type { ProgressApi } from '../hooks/use-progress.js';
import { useSampleRun } from '../hooks/use-sample-run.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { useVerification, type Verification } from '../hooks/use-verification.js';
import { useWatchFile } from '../hooks/use-watch-file.js';
import { VerifyView } from '../components/verify-view.js';
import { WatchIndicator } from '../components/watch-indicator.js';
import { WrappedText } from '../components/wrapped-text.js';

/** From this width on, instructor mode shows the solution beside the instructions. */
export const SIDE_BY_SIDE_COLUMNS = 120;

/** Below this height the screen is compact: no file line, only the open tab, only the keys that act now, so the text keeps room. */
export const COMPACT_ROWS = 16;

/** Below this width the title has the first line to itself. */
export const NARROW_COLUMNS = 60;

// The props every lesson screen gets from the app.
export interface LessonScreenProps {
  lessons: readonly CourseLesson[];
  state: AppState;
  dispatch: (action: AppAction) => void;
  progress: ProgressApi;
  size: TerminalSize;
  instructor: boolean;
  cwd: string;
  onQuit: () => void;
  /** Puts the starter back; undefined when it could not (the notice says why). */
  onReset: (index: number) => ResetReport | undefined;
}

function readContent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

// A lesson whose files cannot be read: says why, and offers the way back.
function BrokenLesson({ message, width, onBack, onQuit }: { message: string; width: number; onBack: () => void; onQuit: () => void }) {
  useKeys((input, key) => {
    if (key.escape || input === 'l') onBack();
    else if (input === 'q') onQuit();
  });
  return (
    <Box flexDirection="column" flexGrow={1}>
      <Box flexGrow={1}>
        <WrappedText color="red" width={width} text={`This lesson cannot be opened: ${message}`} />
      </Box>
      <KeyBar
        width={width}
        hints={[
          { keys: 'esc l', label: 'list' },
          { keys: 'q', label: 'quit' },
        ]}
      />
    </Box>
  );
}

// The header's verdict: the last check of the learner's file when there is one (so it never says passed
// beside a failure), else what the progress records.
function LessonVerdict({ verification, passed }: { verification: Verification | undefined; passed: boolean }) {
  const latest = verification?.target === 'learner' ? verification : undefined;
  if (latest?.running) return <Text color="cyan">checking…</Text>;
  const result = latest?.result;
  if (result && !result.cancelled && !result.error && !result.needs) {
    if (result.passed) return <Text color="green">✓ passed</Text>;
    return <Text color="red">✗ not yet{passed ? ' (passed before)' : ''}</Text>;
  }
  return passed ? <Text color="green">✓ passed</Text> : <Text dimColor>not passed yet</Text>;
}

// One lesson: its instructions, and the keys to check, run, get hints, see the solution, reset the
// file and move on. While it is open, saving the learner's file checks it (watch mode).
export function LessonScreen(props: LessonScreenProps) {
  const entry = props.lessons[props.state.selected]!;
  const loaded = useMemo((): { lesson: Lesson } | { error: string } => {
    try {
      // Its commands as they run for this learner (`npx scaling-node-workshop …` or without npx).
      const lesson = loadLesson(entry.folder);
      return { lesson: { ...lesson, body: adaptCommands(lesson.body), hints: lesson.hints.map((hint) => ({ ...hint, text: adaptCommands(hint.text) })) } };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [entry]);
  if ('error' in loaded) return <BrokenLesson message={loaded.error} width={props.size.columns - 2} onBack={() => props.dispatch({ type: 'back' })} onQuit={props.onQuit} />;
  return <OpenLesson {...props} lesson={loaded.lesson} />;
}

function OpenLesson({ lesson, lessons, state, dispatch, progress, size, instructor, cwd, onQuit, onReset }: LessonScreenProps & { lesson: Lesson }) {
  const { workspace, panel } = state;
  const index = state.selected;
  const hasNext = index + 1 < lessons.length;
  const passed = progress.passed(lesson.id);
  const solutionOpen = passed || instructor;
  const sideBySide = instructor && size.columns >= SIDE_BY_SIDE_COLUMNS;
  const compact = size.rows < COMPACT_ROWS;
  // A narrow screen gives the title a line of its own; the verdict joins the tabs.
  const narrow = size.columns < NARROW_COLUMNS;
  // The app pads the screen by one column on each side.
  const width = size.columns - 2;
  const halfWidth = Math.floor((width - 2) / 2);

  const lookup = useCallback((): LearnerFileLookup => (workspace ? findLearnerFile(workspace, lesson) : { missing: true }), [workspace, lesson]);
  const [learnerFile, setLearnerFile] = useState(lookup);
  // The content last checked (or present when the lesson opened): a save that changes nothing does not re-check.
  const [openedContent] = useState(() => ('file' in learnerFile ? readContent(learnerFile.file) : undefined));
  const lastContent = useRef(openedContent);
  const [scroll, setScroll] = useState<ScrollPosition>({ offset: 0, viewport: 0, content: 0 });

  const notify = useCallback((text: string, tone: 'info' | 'success' | 'warning' | 'error' = 'info') => dispatch({ type: 'notice', notice: { text, tone } }), [dispatch]);
  const showPanel = useCallback((next: LessonPanel) => dispatch({ type: 'panel', panel: next }), [dispatch]);

  const onFinished = useCallback(
    (verification: Verification) => {
      if (verification.target !== 'learner' || !verification.result?.passed) return;
      progress.markPassed(lesson.id);
    },
    [progress, lesson.id],
  );
  const { verification, start, running: verifying } = useVerification(lesson, lesson.title, onFinished, lesson.meta.steps);
  const { run, start: startRun, stop: stopRun, running: runningSample } = useSampleRun(lesson, cwd);

  const fileLabel = (file: string) => shortPath(file, cwd);

  // Checks the learner's file; says why not when there is none to check.
  const verifyLearner = useCallback(
    (reason: 'key' | 'save') => {
      if (verifying) {
        if (reason === 'key') notify('A check is running: wait for it, or press Ctrl-C to cancel it.', 'warning');
        return;
      }
      if (!workspace) return notify('There is no workspace: checks need your file in one (restart the workshop to create it).', 'warning');
      const found = lookup();
      setLearnerFile(found);
      if ('missing' in found) return notify(`There is no ${lesson.name}.js in your workspace: press x to create it from the starter.`, 'warning');
      if ('ambiguous' in found) return notify(`Several files for this lesson: ${found.ambiguous.join(', ')}. Keep one.`, 'warning');
      const content = readContent(found.file);
      if (reason === 'save' && content === lastContent.current) return;
      lastContent.current = content;
      dispatch({ type: 'notice', notice: undefined });
      if (start('learner', found.file)) showPanel('verify');
    },
    [verifying, workspace, lookup, lesson.name, start, showPanel, notify, dispatch],
  );

  const matches = useCallback((name: string) => {
    const extension = path.extname(name);
    return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extension) && name.slice(0, -extension.length) === lesson.name;
  }, [lesson.name]);
  const watchStatus = useWatchFile({
    dir: workspace,
    matches,
    enabled: state.watch && workspace !== undefined,
    onSave: () => {
      if (verifying) notify('You saved during a check; it goes on with the file it started with. Press v to check again.', 'info');
      else verifyLearner('save');
    },
  });

  const reset = () => {
    const report = onReset(index);
    if (!report) return;
    lastContent.current = readContent(report.file);
    setLearnerFile({ file: report.file });
  };

  const busy = () => notify('A check is running: wait for it, or press Ctrl-C to cancel it.', 'warning');
  const commands: Record<LessonCommand, () => void> = {
    back: () => dispatch({ type: 'back' }),
    quit: onQuit,
    verify: () => verifyLearner('key'),
    demo: () => {
      if (!instructor) return;
      if (verifying) busy();
      else if (start('solution', lesson.solutionFile)) showPanel('verify');
    },
    run: () => {
      if (runningSample) return stopRun();
      const found = lookup();
      setLearnerFile(found);
      if (!('file' in found)) notify('There is no file to run yet: press x to create it from the starter.', 'warning');
      else if (startRun(found.file)) showPanel('run');
    },
    hint: () => {
      showPanel('hints');
      if (instructor || lesson.hints.length === 0) return;
      const shown = progress.hintsShown(lesson.id);
      if (shown < lesson.hints.length) progress.showHints(lesson.id, shown + 1);
      else if (panel === 'hints') notify('That was the last hint.', 'info');
    },
    solution: () => {
      if (!solutionOpen) notify('The reference solution opens once you pass this lesson.', 'info');
      else showPanel(panel === 'solution' ? 'instructions' : 'solution');
    },
    instructions: () => showPanel('instructions'),
    'show-check': () => {
      if (verification) showPanel('verify');
    },
    reset: () => {
      if (workspace) dispatch({ type: 'ask-reset' });
      else notify('There is no workspace to reset a file in.', 'warning');
    },
    next: () => {
      if (hasNext) dispatch({ type: 'open', index: index + 1 });
      else notify('This is the last lesson.', 'info');
    },
    watch: () => dispatch({ type: 'toggle-watch' }),
  };
  useKeys(
    (input, key) => {
      const command = lessonCommand(input, key);
      if (command) commands[command]();
    },
    { isActive: !state.confirmingReset && !state.quitting },
  );

  const hintsShown = instructor ? lesson.hints.length : progress.hintsShown(lesson.id);
  const tabs: { panel: LessonPanel; label: string }[] = [
    { panel: 'instructions', label: 'instructions' },
    { panel: 'verify', label: 'check' },
    { panel: 'run', label: 'run' },
    { panel: 'hints', label: `hints ${hintsShown}/${lesson.hints.length}` },
    ...(solutionOpen ? [{ panel: 'solution' as const, label: 'solution' }] : []),
  ];

  let content: ReactNode;
  switch (panel) {
    case 'instructions':
      content = sideBySide ? (
        <Box columnGap={2}>
          <Box width={halfWidth} flexDirection="column" flexShrink={0}>
            <Markdown text={lesson.body} width={halfWidth} />
          </Box>
          <Box width={halfWidth} flexDirection="column" flexShrink={0}>
            <SolutionView file={lesson.solutionFile} label={fileLabel(lesson.solutionFile)} />
          </Box>
        </Box>
      ) : (
        <Markdown text={lesson.body} width={width} />
      );
      break;
    case 'verify':
      content = verification ? (
        <VerifyView verification={verification} fileLabel={fileLabel(verification.file)} nextLesson={hasNext} width={width} />
      ) : (
        <Text dimColor>Press v to check your file{instructor ? ', or d to check the reference solution' : ''}.</Text>
      );
      break;
    case 'run':
      content = run ? <RunView run={run} /> : <Text dimColor>Press r to run your program on the lesson's sample input.</Text>;
      break;
    case 'hints':
      content = <HintsView hints={lesson.hints} shown={hintsShown} width={width} />;
      break;
    case 'solution':
      content = <SolutionView file={lesson.solutionFile} label={fileLabel(lesson.solutionFile)} />;
      break;
  }

  const keys: KeyHint[] = [
    { keys: keysOf('verify'), label: verifying ? 'checking…' : 'verify', disabled: verifying },
    ...(instructor ? [{ keys: keysOf('demo'), label: 'demo solution', disabled: verifying }] : []),
    { keys: keysOf('run'), label: runningSample ? 'stop run' : 'run' },
    { keys: keysOf('hint'), label: 'hint' },
    { keys: keysOf('solution'), label: 'solution', disabled: !solutionOpen },
    { keys: keysOf('instructions'), label: 'text' },
    { keys: keysOf('reset'), label: 'reset file', disabled: !workspace },
    { keys: keysOf('next'), label: 'next', disabled: !hasNext },
    { keys: keysOf('watch'), label: state.watch ? 'watch off' : 'watch on', disabled: !workspace },
    { keys: keysOf('back'), label: 'list' },
    { keys: keysOf('quit'), label: 'quit' },
  ];

  const scrollInfo =
    scroll.content > scroll.viewport && scroll.viewport > 0
      ? `${scroll.offset + 1}–${Math.min(scroll.content, scroll.offset + scroll.viewport)} of ${scroll.content} · ↑↓ j k PgUp PgDn`
      : '';
  const notice = state.notice ?? (progress.warning ? { text: progress.warning, tone: 'warning' as const } : undefined);
  const fileText = !workspace
    ? 'no workspace'
    : 'file' in learnerFile
      ? fileLabel(learnerFile.file)
      : 'missing' in learnerFile
        ? `${fileLabel(path.join(workspace, `${lesson.name}.js`))} is missing (x creates it)`
        : `several files: ${learnerFile.ambiguous.join(', ')}`;

  return (
    <Box flexDirection="column" flexGrow={1}>
      {narrow ? (
        <Box flexShrink={0}>
          <Text bold wrap="wrap">
            <Text color="magenta">
              {lesson.number}/{lessons.length}
            </Text>{' '}
            · {lesson.title}
          </Text>
        </Box>
      ) : (
        <Box justifyContent="space-between" flexShrink={0}>
          <Text bold wrap="truncate-end">
            <Text color="magenta">
              Lesson {lesson.number}/{lessons.length}
            </Text>{' '}
            · {lesson.title}
          </Text>
          <Box flexShrink={0} paddingLeft={1}>
            <LessonVerdict verification={verification} passed={passed} />
            {instructor ? <Text color="yellow"> · instructor</Text> : null}
          </Box>
        </Box>
      )}
      {compact ? null : (
        <Box flexShrink={0}>
          <Text wrap="truncate-middle">
            <Text dimColor>Your file: </Text>
            <Text color="cyan">{fileText}</Text>
          </Text>
        </Box>
      )}
      <Box justifyContent="space-between" flexShrink={0}>
        <PanelTabs panel={panel} tabs={compact ? tabs.filter((tab) => tab.panel === panel) : tabs} />
        <Box flexShrink={0} paddingLeft={1}>
          {narrow ? (
            <>
              <LessonVerdict verification={verification} passed={passed} />
              <Text> </Text>
            </>
          ) : null}
          <WatchIndicator status={watchStatus} short={narrow} />
        </Box>
      </Box>
      <Box flexDirection="column" flexGrow={1} flexShrink={1} marginTop={compact ? 0 : 1} overflowY="hidden">
        <ScrollBox
          active={!state.confirmingReset && !state.quitting}
          follow={(panel === 'run' && runningSample) || (panel === 'verify' && verifying)}
          resetKey={`${panel}:${panel === 'verify' && verifying ? 'running' : 'idle'}`}
          onPosition={setScroll}
        >
          {content}
        </ScrollBox>
      </Box>
      <Box flexDirection="column" flexShrink={0}>
        {state.confirmingReset && workspace ? (
          <ResetQuestion workspace={workspace} lesson={lesson} onAnswer={(yes) => (yes ? reset() : dispatch({ type: 'answered-reset' }))} />
        ) : (
          <Box justifyContent={notice ? 'flex-start' : 'flex-end'}>
            {notice ? <NoticeLine notice={notice} width={width} /> : <Text dimColor>{scrollInfo || ' '}</Text>}
          </Box>
        )}
        <KeyBar hints={compact ? keys.filter((key) => !key.disabled) : keys} width={width} />
      </Box>
    </Box>
  );
}

