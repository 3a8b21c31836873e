import { useMemo } from 'react';
import type { LessonFolder } from '../../lessons/lesson-folders.js';
import { findLearnerFile } from '../../workspace/learner-file.js';
import { Confirm } from './confirm.js';

// Asks before a lesson's file is put back to its starter (or created, when there is none).
export function ResetQuestion({ workspace, lesson, onAnswer }: { workspace: string; lesson: LessonFolder; onAnswer: (yes: boolean) => void }) {
  const found = useMemo(() => findLearnerFile(workspace, lesson), [workspace, lesson]);
  if ('missing' in found) return <Confirm question={`Create ${lesson.name}.js from its starter?`} onAnswer={onAnswer} />;
  return (
    <Confirm
      question={`Reset ${lesson.name} to its starter file?`}
      detail="Your current file is moved to .scaling-node-workshop/backups/, not deleted."
      onAnswer={onAnswer}
    />
  );
}
