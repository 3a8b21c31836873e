import { useCallback, useEffect, useRef, useState } from 'react';
import path from 'node:path';
import { runCheck } from '../../checks/run-check.js';
import type { LessonFolder } from '../../lessons/lesson-folders.js';
import type { StepResult, VerifyResult } from '../../results/verify-result.js';
import { useCheckLoader } from '../state/check-loader.js';
import { useTasks } from '../state/task-registry.js';

// Whose program a verification checks: the learner's file, or the reference solution as a demo.
export type VerifyTarget = 'learner' | 'solution';

// One step as the verification view shows it: running (since when), or finished with its result.
export type StepView =
  | { title: string; running: true; startedAt: number }
  | { title: string; running: false; result: StepResult }
  | { title: string; running: false; cancelled: true };

// A verification in progress or finished.
export interface Verification {
  target: VerifyTarget;
  file: string;
  running: boolean;
  cancelling: boolean;
  steps: StepView[];
  result?: VerifyResult;
  /** The check could not be loaded or run at all (the workshop's problem, not the learner's). */
  error?: string;
}

// Runs a lesson's check with live steps. Cancelling it (Ctrl-C, through the task registry) aborts
// it, and the engine kills the program's whole process group; leaving the lesson cancels it too.
export function useVerification(folder: LessonFolder, title: string, onFinished: (verification: Verification) => void, stepCount?: number) {
  const tasks = useTasks();
  const loadCheck = useCheckLoader();
  const [verification, setVerification] = useState<Verification>();
  const running = useRef<{ abort: AbortController; state: Verification }>(undefined);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  const start = useCallback(
    (target: VerifyTarget, file: string) => {
      if (running.current) return false;
      const abort = new AbortController();
      const current = { abort, state: { target, file, running: true, cancelling: false, steps: [] } as Verification };
      running.current = current;
      const publish = (change: (previous: Verification) => Verification) => {
        current.state = change(current.state);
        setVerification(current.state);
      };
      setVerification(current.state);
      const done = (async () => {
        try {
          const check = await loadCheck(folder);
          const result = await runCheck(check, {
            lesson: folder.id,
            title,
            file,
            cwd: path.dirname(file),
            signal: abort.signal,
            onStepStart: (stepTitle) => publish((previous) => ({ ...previous, steps: [...previous.steps, { title: stepTitle, running: true, startedAt: Date.now() }] })),
            onStepEnd: (step) =>
              publish((previous) => {
                const steps = [...previous.steps];
                const index = steps.findLastIndex((candidate) => candidate.running && candidate.title === step.title);
                const view: StepView = { title: step.title, running: false, result: step };
                if (index === -1) steps.push(view);
                else steps[index] = view;
                return { ...previous, steps };
              }),
          });
          // A failure is counted against all the check's steps ("stopped at step 3 of 8").
          if (!result.passed && stepCount !== undefined) result.stepCount = stepCount;
          // The steps as recorded; a step that was running when the check was cancelled says so.
          const cancelledStep = result.cancelled ? current.state.steps.find((step) => step.running) : undefined;
          const steps: StepView[] = result.steps.map((step) => ({ title: step.title, running: false, result: step }));
          if (cancelledStep) steps.push({ title: cancelledStep.title, running: false, cancelled: true });
          publish((previous) => ({ ...previous, running: false, cancelling: false, result, steps }));
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          publish((previous) => ({ ...previous, running: false, cancelling: false, error: message }));
        } finally {
          if (running.current === current) running.current = undefined;
        }
        finished.current(current.state);
      })();
      // Ctrl-C (through the task registry) cancels it; the view says so until the cleanup is done.
      const cancel = () => {
        if (abort.signal.aborted || !current.state.running) return;
        abort.abort();
        publish((previous) => ({ ...previous, cancelling: true }));
      };
      tasks.add({ cancel, done });
      return true;
    },
    [folder, title, tasks, loadCheck, stepCount],
  );

  // Leaving the lesson stops its check.
  useEffect(() => () => running.current?.abort.abort(), []);

  return { verification, start, running: verification?.running === true };
}
