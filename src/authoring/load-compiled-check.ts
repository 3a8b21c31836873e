import { statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Check } from '../checks/define-check.js';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import type { AuthoringProblem } from './authoring-problem.js';
import type { CourseLayout } from './course-layout.js';

// The compiled check of a lesson, or why it cannot be used: missing, older than its source, or not loadable.
export async function loadCompiledCheck(layout: CourseLayout, folder: LessonFolder): Promise<{ check: Check } | { problem: AuthoringProblem }> {
  const file = path.join(layout.compiledChecksDir, folder.name, 'check.js');
  const where = path.relative(layout.root, file);
  const source = statOrUndefined(path.join(folder.dir, 'check.ts'));
  const compiled = statOrUndefined(file);
  if (!compiled) return { problem: { where, message: 'no compiled check: build the project (npm run build)' } };
  // tsc rewrites every output it builds, so an older output means check.ts changed since the last build.
  if (source && source.mtimeMs > compiled.mtimeMs) return { problem: { where, message: 'the compiled check is older than check.ts: build the project again (npm run build)' } };
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    return { problem: { where, message: `the compiled check cannot be loaded: ${(error as Error).message.split('\n')[0]}` } };
  }
  if (typeof module.default !== 'function') return { problem: { where: path.relative(layout.root, path.join(folder.dir, 'check.ts')), message: 'check.ts must export default defineCheck(...)' } };
  return { check: module.default as Check };
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
