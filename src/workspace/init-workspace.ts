import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LessonError } from '../lessons/lesson-error.js';
import { listLessonFolders } from '../lessons/lesson-folders.js';
import { findLearnerFile } from './learner-file.js';
import { lessonPaths } from '../lessons/course-layout.js';
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
  writeModulePackage(workspace, report);
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
    const { starter } = lessonPaths(lesson);
    if (!existsSync(starter)) throw new LessonError(`${lesson.id} (lessons/${lesson.name})`, 'starter.js is missing');
    // COPYFILE_EXCL: even a file created a moment ago by someone else is not overwritten.
    copyFileSync(starter, target, 1);
    report.created.push(path.basename(target));
  }
  return report;
}

// A package.json with "type": "module": the starters use `import`, and without it node warns on
// stderr about a typeless package.json found higher up, which the stdio lessons would count as output.
function writeModulePackage(workspace: string, report: InitReport): void {
  const file = path.join(workspace, 'package.json');
  try {
    writeFileSync(file, `${JSON.stringify({ private: true, type: 'module' }, null, 2)}\n`, { flag: 'wx' });
    report.created.push('package.json');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    report.kept.push('package.json');
  }
}
