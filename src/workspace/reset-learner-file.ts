import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import { findLearnerFile } from './learner-file.js';
import { lessonPaths } from '../lessons/course-layout.js';
import { WORKSPACE_MARKER } from './workspace-paths.js';

// What a reset did: the fresh starter file, and where the learner's previous files were kept.
export interface ResetReport {
  file: string;
  backups: string[];
}

// Puts a lesson's starter back as NN-slug.js; the learner's current file(s) are moved to the
// workspace's backups folder first, never deleted.
export function resetLearnerFile(workspace: string, lesson: LessonFolder, now = new Date()): ResetReport {
  const found = findLearnerFile(workspace, lesson);
  const current = 'file' in found ? [found.file] : 'ambiguous' in found ? found.ambiguous.map((name) => path.join(workspace, name)) : [];
  const backups: string[] = [];
  if (current.length > 0) {
    const folder = path.join(workspace, WORKSPACE_MARKER, 'backups');
    mkdirSync(folder, { recursive: true });
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    for (const file of current) {
      const backup = path.join(folder, `${stamp}-${path.basename(file)}`);
      renameSync(file, backup);
      backups.push(backup);
    }
  }
  const file = path.join(workspace, `${lesson.name}.js`);
  // Copied under a temporary name and renamed, so a watcher sees one complete file appear.
  const partial = path.join(workspace, WORKSPACE_MARKER, `${lesson.name}.js.partial`);
  copyFileSync(lessonPaths(lesson).starter, partial);
  renameSync(partial, file);
  return { file, backups };
}
