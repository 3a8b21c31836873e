import { useCallback, useEffect, useRef, useState } from 'react';
import { describeAmount } from '../../checks/excerpt.js';
import { describeExit } from '../../engine/program/exit-info.js';
import { describeMemoryExceeded } from '../../engine/limits/memory-watch.js';
import type { Lesson } from '../../lessons/load-lesson.js';
import { startSampleRun } from '../../lessons/sample-run.js';
import { useTasks } from '../state/task-registry.js';

/** Lines of output kept for the view (the newest). */
const KEPT_LINES = 500;
/** Output arrives line by line; the view is updated at most this often. */
const FLUSH_MS = 50;

// A line the program printed, and on which stream.
export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

// The program running on the lesson's sample input, as the run view shows it.
export interface SampleRunView {
  file: string;
  running: boolean;
  commandLine?: string;
  pid?: number;
  port?: number;
  until?: 'exit' | 'interrupt';
  lines: OutputLine[];
  /** Lines dropped from the top to keep the view small. */
  dropped: number;
  /** How it ended: "exited with code 0", "stopped". */
  ending?: string;
  error?: string;
}

// Runs the learner's program like `scaling-node-workshop run` does (its command line relative to `cwd`, where
// the learner started the workshop); stop() ends it and all it started.
export function useSampleRun(lesson: Lesson | undefined, cwd?: string) {
  const tasks = useTasks();
  const [view, setView] = useState<SampleRunView>();
  const current = useRef<{ stop: () => void }>(undefined);

  const start = useCallback(
    (file: string) => {
      if (!lesson || current.current) return false;
      let stopRequested = false;
      let stopNow: () => void = () => {};
      const handle = {
        stop: () => {
          stopRequested = true;
          stopNow();
        },
      };
      current.current = handle;
      let state: SampleRunView = { file, running: true, lines: [], dropped: 0 };
      const pending: OutputLine[] = [];
      let timer: NodeJS.Timeout | undefined;
      const flush = () => {
        timer = undefined;
        if (pending.length === 0) return;
        const lines = [...state.lines, ...pending.splice(0)];
        const dropped = Math.max(0, lines.length - KEPT_LINES);
        state = { ...state, lines: dropped > 0 ? lines.slice(dropped) : lines, dropped: state.dropped + dropped };
        setView(state);
      };
      const publish = (change: Partial<SampleRunView>) => {
        state = { ...state, ...change };
        setView(state);
      };
      setView(state);
      const done = (async () => {
        try {
          const run = await startSampleRun(lesson, file, cwd);
          const { program } = run;
          publish({ commandLine: run.commandLine, pid: program.pid, port: run.port, until: run.until });
          const onLine = (stream: OutputLine['stream']) => (text: string) => {
            pending.push({ stream, text });
            timer ??= setTimeout(flush, FLUSH_MS);
          };
          program.stdout.onLine(onLine('stdout'));
          program.stderr.onLine(onLine('stderr'));
          for (const capture of [program.stdout, program.stderr]) capture.onOverflow((overflow) => onLine(overflow.stream)(`… more than ${describeAmount(overflow.limit)} on ${overflow.stream}: the rest is not shown`));
          const stopped = new Promise<'stopped'>((resolve) => {
            stopNow = () => resolve('stopped');
            if (stopRequested) resolve('stopped');
          });
          const ended = await Promise.race([program.exited.then(() => 'exited' as const), stopped, run.memoryExceeded]);
          await program.stop();
          await run.stopServices();
          if (timer) clearTimeout(timer);
          flush();
          const why = program.spawnError
            ? `could not start: ${program.spawnError.message}`
            : typeof ended === 'object'
              ? `the program ${describeMemoryExceeded(ended)}: stopped`
              : ended === 'exited'
                ? `the program ${describeExit(program.exitInfo!)}`
                : 'stopped';
          publish({ running: false, ending: why });
        } catch (error) {
          publish({ running: false, error: error instanceof Error ? error.message : String(error) });
        } finally {
          if (current.current === handle) current.current = undefined;
        }
      })();
      tasks.add({ cancel: handle.stop, done });
      return true;
    },
    [lesson, tasks, cwd],
  );

  const stop = useCallback(() => {
    if (!current.current) return false;
    current.current.stop();
    return true;
  }, []);

  useEffect(() => () => current.current?.stop(), []);

  return { run: view, start, stop, running: view?.running === true };
}
