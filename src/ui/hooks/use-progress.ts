import { useCallback, useState } from 'react';
import { emptyProgress, type Progress } from '../../workspace/progress-schema.js';
import { hasPassed, markPassed, readProgress, updateLessonProgress, type LoadedProgress } from '../../workspace/progress-store.js';

// The workspace's progress as the screens show it, and the changes they make. Every change goes
// through the shared progress store, so the CLI (`hint`, `verify`) and the UI see the same file.
export interface ProgressApi {
  progress: Progress;
  /** Set when the progress file was corrupt and a new one was started. */
  warning: string | undefined;
  passed: (lessonId: string) => boolean;
  hintsShown: (lessonId: string) => number;
  /** Reads the file again (the CLI may have changed it meanwhile). */
  refresh: () => void;
  markPassed: (lessonId: string) => void;
  /** Records that hint number `count` (1-based) has been seen; never lowers the count. */
  showHints: (lessonId: string, count: number) => void;
}

function load(workspace: string | undefined): LoadedProgress {
  return workspace ? readProgress(workspace) : { progress: emptyProgress() };
}

export function useProgress(workspace: string | undefined): ProgressApi {
  const [loaded, setLoaded] = useState<LoadedProgress & { workspace: string | undefined }>(() => ({ ...load(workspace), workspace }));
  // A workspace created while the UI runs: start from its progress.
  const current = loaded.workspace === workspace ? loaded : { ...load(workspace), workspace };
  if (current !== loaded) setLoaded(current);

  const apply = useCallback(
    (change: (workspace: string) => LoadedProgress) => {
      if (!workspace) return;
      try {
        const result = change(workspace);
        setLoaded((previous) => ({ progress: result.progress, warning: result.warning ?? previous.warning, workspace }));
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        setLoaded((previous) => ({ ...previous, warning: `your progress could not be saved (${reason})` }));
      }
    },
    [workspace],
  );

  const progress = current.progress;
  return {
    progress,
    warning: current.warning,
    passed: (lessonId) => hasPassed(progress, lessonId),
    hintsShown: (lessonId) => progress.lessons[lessonId]?.hintsShown ?? 0,
    refresh: useCallback(() => apply((dir) => readProgress(dir)), [apply]),
    markPassed: useCallback((lessonId: string) => apply((dir) => markPassed(dir, lessonId)), [apply]),
    showHints: useCallback(
      (lessonId: string, count: number) => apply((dir) => updateLessonProgress(dir, lessonId, (entry) => ({ ...entry, hintsShown: Math.max(entry.hintsShown, count) }))),
      [apply],
    ),
  };
}
