import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { listLessonFolders } from '../lessons/lesson-folders.js';
import { findLearnerFile } from './learner-file.js';
import { WORKSPACE_MARKER } from './workspace-paths.js';

// What `init` did: the workspace folder, the starter files it wrote and the files it left alone.
export interface InitReport {
  workspace: string;
  created: string[];
  kept: string[];
}

// Creates a workspace with one starter file per lesson; an existing file is never overwritten.
export function initWorkspace(dir: string): InitReport {
  const workspace = path.resolve(dir);
  mkdirSync(path.join(workspace, WORKSPACE_MARKER), { recursive: true });
  const report: InitReport = { workspace, created: [], kept: [] };
  for (const lesson of listLessonFolders()) {
    const existing = findLearnerFile(workspace, lesson);
    if (!('missing' in existing)) {
      report.kept.push('file' in existing ? path.basename(existing.file) : existing.ambiguous.join(', '));
      continue;
    }
    const target = path.join(workspace, `${lesson.name}.js`);
    if (existsSync(target)) {
      report.kept.push(path.basename(target));
      continue;
    }
    // COPYFILE_EXCL: even a file created a moment ago by someone else is not overwritten.
    copyFileSync(path.join(lesson.dir, 'starter.js'), target, 1);
    report.created.push(path.basename(target));
  }
  return report;
}
