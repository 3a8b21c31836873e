import { statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Check } from '../checks/define-check.js';
import { lessonPaths, packageCourse, type CourseLayout } from './course-layout.js';
import { LessonError } from './lesson-error.js';
import type { LessonFolder } from './lesson-folders.js';

// Why a lesson's compiled check cannot be used: the file it is about (relative to the course root) and what is wrong.
export interface CheckProblem {
  reason: 'missing' | 'stale' | 'unloadable' | 'no-default-export';
  where: string;
  message: string;
}

export type LoadedCheck = { check: Check } | { problem: CheckProblem };

// The one loader of compiled checks (verify, the UI, the authors' check and grade): the check of a lesson, or
// why it cannot be used. `fresh` also refuses a compiled check older than its check.ts (the authors' check:
// a stale build would judge an old check; a learner's installed copy is not held to file times).
export async function loadCheck(folder: LessonFolder, options: { layout?: CourseLayout; fresh?: boolean } = {}): Promise<LoadedCheck> {
  const layout = options.layout ?? packageCourse;
  const files = lessonPaths(folder, layout);
  const where = path.relative(layout.root, files.compiledCheck);
  const compiled = statOrUndefined(files.compiledCheck);
  if (!compiled) return { problem: { reason: 'missing', where, message: 'no compiled check: build the project (npm run build)' } };
  // tsc rewrites every output it builds, so an older output means check.ts changed since the last build.
  const source = options.fresh ? statOrUndefined(files.checkSource) : undefined;
  if (source && source.mtimeMs > compiled.mtimeMs) return { problem: { reason: 'stale', where, message: 'the compiled check is older than check.ts: build the project again (npm run build)' } };
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(files.compiledCheck).href)) as { default?: unknown };
  } catch (error) {
    return { problem: { reason: 'unloadable', where, message: `the compiled check cannot be loaded: ${(error as Error).message.split('\n')[0]}` } };
  }
  if (typeof module.default !== 'function') {
    return { problem: { reason: 'no-default-export', where: path.relative(layout.root, files.checkSource), message: 'check.ts must export default defineCheck(...)' } };
  }
  return { check: module.default as Check };
}

// The check of a lesson of this package, for running it now: a LessonError naming the lesson and the file when it cannot be used.
export async function requireCheck(folder: LessonFolder): Promise<Check> {
  const loaded = await loadCheck(folder);
  if ('problem' in loaded) throw new LessonError(`${folder.id} (lessons/${folder.name})`, `${loaded.problem.where}: ${loaded.problem.message}`);
  return loaded.check;
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
