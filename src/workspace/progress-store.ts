import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { withFileLock } from './progress-lock.js';
import { emptyProgress, progressSchema, type LessonProgress, type Progress } from './progress-schema.js';
import { progressFile } from './workspace-paths.js';

// Progress as read, with a warning when the file was corrupt and had to be set aside.
export interface LoadedProgress {
  progress: Progress;
  warning?: string;
}

// Reads a workspace's progress. A corrupt or unreadable file is kept as a backup and a new one
// started; the warning says so. A missing file is simply no progress yet.
export function readProgress(workspace: string): LoadedProgress {
  const file = progressFile(workspace);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { progress: emptyProgress() };
    return setAside(file, `cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return setAside(file, 'is not valid JSON');
  }
  const parsed = progressSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return setAside(file, `is not in the expected format (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return { progress: parsed.data };
}

// Writes progress atomically: a crash mid-write leaves the old file, never half of a new one.
export function writeProgress(workspace: string, progress: Progress): void {
  const file = progressFile(workspace);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic.sync(file, `${JSON.stringify(progressSchema.parse(progress), null, 2)}\n`);
}

// Reads, changes one lesson's entry, and writes back, holding the progress file's lock throughout: workshops
// recording at once (two terminals, the UI's watch mode) take turns, and each change lands. Returns the new progress.
export function updateLessonProgress(workspace: string, lessonId: string, change: (entry: LessonProgress) => LessonProgress): LoadedProgress {
  const file = progressFile(workspace);
  mkdirSync(path.dirname(file), { recursive: true });
  return withFileLock(file, () => {
    const loaded = readProgress(workspace);
    const entry = loaded.progress.lessons[lessonId] ?? { hintsShown: 0 };
    loaded.progress.lessons[lessonId] = change(entry);
    writeProgress(workspace, loaded.progress);
    return loaded;
  });
}

// Records a pass (the first pass's time is kept).
export function markPassed(workspace: string, lessonId: string, now = new Date()): LoadedProgress {
  return updateLessonProgress(workspace, lessonId, (entry) => ({ ...entry, passedAt: entry.passedAt ?? now.toISOString() }));
}

// True when the lesson has been passed in this workspace.
export function hasPassed(progress: Progress, lessonId: string): boolean {
  return progress.lessons[lessonId]?.passedAt !== undefined;
}

function setAside(file: string, problem: string): LoadedProgress {
  const backup = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  let kept = '';
  try {
    renameSync(file, backup);
    kept = `; it was kept as ${backup}`;
  } catch {
    kept = '; it could not be moved aside';
  }
  const progress = emptyProgress();
  try {
    writeProgress(path.dirname(path.dirname(file)), progress);
  } catch {
    // The warning below still tells the learner; the next successful write rebuilds the file.
  }
  return { progress, warning: `the progress file ${file} ${problem}${kept}, and a new one was started` };
}
