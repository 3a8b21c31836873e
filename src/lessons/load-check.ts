import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import type { Check } from '../checks/define-check.js';
import type { LessonFolder } from './lesson-folders.js';
import { LessonError } from './lesson-error.js';

// Imports a lesson's compiled check (dist/lessons/NN-slug/check.js).
export async function loadCheck(folder: LessonFolder): Promise<Check> {
  const file = path.join(packageRoot, 'dist', 'lessons', folder.name, 'check.js');
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new LessonError(`${folder.id} (lessons/${folder.name})`, `cannot load its check (${(error as Error).message.split('\n')[0]}); was the project built?`);
  }
  if (typeof module.default !== 'function') throw new LessonError(`${folder.id} (lessons/${folder.name})`, 'check.ts must export default defineCheck(...)');
  return module.default as Check;
}
