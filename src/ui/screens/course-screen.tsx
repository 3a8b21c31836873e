import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { loadLesson } from '../../lessons/load-lesson.js';
import type { AppAction, AppState } from '../state/app-state.js';
import { ResetQuestion } from '../components/reset-question.js';
import { lessonStatuses, visibleLessons, type CourseLesson, type LessonStatus } from '../state/course-lessons.js';
import { KeyBar } from '../components/key-bar.js';
import { NoticeLine } from '../components/notice-line.js';
import { ProgressBar } from '../components/progress-bar.js';
import type { ProgressApi } from '../hooks/use-progress.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { shortPath } from '../text/short-path.js';

const filterNames = { all: 'all lessons', todo: 'lessons to do', passed: 'passed lessons' } as const;
const statusMarks: Record<LessonStatus, { mark: string; color: string | undefined; label: string }> = {
  passed: { mark: '✓', color: 'green', label: 'passed' },
  current: { mark: '●', color: 'yellow', label: 'current' },
  todo: { mark: '·', color: undefined, label: 'not yet' },
};

// One lesson as one line of text (a row of boxes per lesson costs the first screen layout time).
function LessonRow({ lesson, status, selected, width }: { lesson: CourseLesson; status: LessonStatus; selected: boolean; width: number }) {
  const look = statusMarks[status];
  const titleWidth = Math.max(8, width - 20);
  const title = lesson.title.length > titleWidth ? `${lesson.title.slice(0, titleWidth - 1)}…` : lesson.title.padEnd(titleWidth);
  return (
    <Text>
      <Text color="cyan" bold>
        {selected ? ' › ' : '   '}
      </Text>
      <Text color={look.color} dimColor={status === 'todo'}>
        {look.mark}
      </Text>
      <Text dimColor={!selected}>{String(lesson.folder.number).padStart(3)}  </Text>
      <Text bold={selected}>{title}</Text>{' '}
      <Text color={look.color} dimColor={status === 'todo'}>
        {look.label}
      </Text>
    </Text>
  );
}

// The summary line of the lesson under the cursor (or why its files cannot be read).
function Summary({ lesson }: { lesson: CourseLesson | undefined }) {
  const summary = useMemo(() => {
    if (!lesson) return undefined;
    try {
      return { text: loadLesson(lesson.folder).meta.summary };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [lesson]);
  if (!summary) return <Text> </Text>;
  return 'text' in summary ? (
    <Text dimColor wrap="truncate-end">
      {summary.text}
    </Text>
  ) : (
    <Text color="red" wrap="truncate-end">
      {summary.error}
    </Text>
  );
}

// The course: every lesson with its state, a progress bar, and the keys to move, open, filter and reset.
export function CourseScreen({
  lessons,
  state,
  progress,
  dispatch,
  onQuit,
  onReset,
  size,
  instructor,
  cwd,
}: {
  lessons: readonly CourseLesson[];
  state: AppState;
  progress: ProgressApi;
  dispatch: (action: AppAction) => void;
  onQuit: () => void;
  onReset: (index: number) => void;
  size: TerminalSize;
  instructor: boolean;
  cwd: string;
}) {
  const statuses = lessonStatuses(lessons, progress.progress);
  const visible = visibleLessons(statuses, state.filter);
  const position = visible.indexOf(state.selected);
  const done = statuses.filter((status) => status === 'passed').length;
  const selectedLesson = position === -1 ? undefined : lessons[state.selected];

  useKeys(
    (input, key) => {
      const move = (by: number | 'first' | 'last') => dispatch({ type: 'move', visible, by });
      if (key.upArrow || input === 'k') move(-1);
      else if (key.downArrow || input === 'j') move(1);
      else if (key.home || input === 'g') move('first');
      else if (key.end || input === 'G') move('last');
      else if (key.pageUp) move(-5);
      else if (key.pageDown) move(5);
      else if (key.return || key.rightArrow) dispatch({ type: 'open-selected', visible });
      else if (input === 'f') dispatch({ type: 'cycle-filter', statuses }); else if (input === 'x' && selectedLesson) {
        if (state.workspace) dispatch({ type: 'ask-reset' });
        else dispatch({ type: 'notice', notice: { text: 'There is no workspace to reset a file in.', tone: 'warning' } });
      } else if (input === 'q') onQuit();
    },
    { isActive: !state.confirmingReset && !state.quitting },
  );

  // The list scrolls with the cursor when the terminal is too short for all lessons.
  const room = Math.max(3, size.rows - 11);
  const first = Math.max(0, Math.min(Math.max(0, position) - Math.floor(room / 2), visible.length - room));
  const shown = visible.slice(first, first + room);

  return (
    <Box flexDirection="column" flexGrow={1}>
      <Box justifyContent="space-between" flexShrink={0}>
        <Text bold color="magenta">
          Scaling Node workshop{instructor ? <Text color="yellow"> · instructor</Text> : null}
        </Text>
        <ProgressBar done={done} total={lessons.length} width={Math.max(5, Math.min(26, size.columns - 50))} />
      </Box>
      <Text dimColor wrap="truncate-middle">
        {state.workspace ? `Your files: ${shortPath(state.workspace, cwd)}` : 'No workspace: checks and progress need one.'}
      </Text>
      <Box flexDirection="column" flexGrow={1} marginTop={1}>
        {visible.length === 0 ? (
          <Text dimColor> No {filterNames[state.filter]} yet. Press f to show the others.</Text>
        ) : (
          shown.map((index) => <LessonRow key={lessons[index]!.folder.name} lesson={lessons[index]!} status={statuses[index]!} selected={index === state.selected} width={size.columns - 2} />)
        )}
        {visible.length > shown.length ? (
          <Text dimColor>
            {'   '}
            {first > 0 ? `↑ ${first} more  ` : ''}
            {visible.length - first - shown.length > 0 ? `↓ ${visible.length - first - shown.length} more` : ''}
          </Text>
        ) : null}
      </Box>
      <Box flexDirection="column" flexShrink={0}>
        <Summary lesson={selectedLesson} />
        {state.confirmingReset && selectedLesson && state.workspace ? (
          <ResetQuestion workspace={state.workspace} lesson={selectedLesson.folder} onAnswer={(yes) => (yes ? onReset(state.selected) : dispatch({ type: 'answered-reset' }))} />
        ) : (
          <NoticeLine notice={state.notice ?? (progress.warning ? { text: progress.warning, tone: 'warning' } : undefined)} width={size.columns - 2} />
        )}
        <KeyBar
          width={size.columns - 2}
          hints={[
            { keys: '↑↓ j k', label: 'move' },
            { keys: 'enter', label: 'open' },
            { keys: 'f', label: `filter: ${state.filter === 'all' ? 'all' : state.filter === 'todo' ? 'to do' : 'passed'}` },
            { keys: 'x', label: 'reset file', disabled: !state.workspace },
            { keys: 'q', label: 'quit' },
          ]}
        />
      </Box>
    </Box>
  );
}
