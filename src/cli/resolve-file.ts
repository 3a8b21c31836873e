import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../engine/program/loader-args.js';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import { findLearnerFile } from '../workspace/learner-file.js';
import { findWorkspace } from '../workspace/find-workspace.js';
import { UsageError } from './usage-error.js';
import { workshopCommand } from '../terminal/workshop-command.js';

// The learner's file for a lesson: the one named on the command line, else the workspace's NN-slug.*.
export function resolveLearnerFile(lesson: LessonFolder, named: string | undefined, cwd = process.cwd()): string {
  if (named) return checkReadable(path.resolve(cwd, named), named);
  const workspace = findWorkspace(cwd);
  if (!workspace) throw new UsageError(`no workspace here: run "${workshopCommand()} init" first, or name the file (verify ${lesson.number} my-file.js)`);
  const found = findLearnerFile(workspace, lesson);
  if ('missing' in found) throw new UsageError(`no file ${lesson.name}.js (or .mjs, .cjs, .ts, .mts, .cts) in the workspace ${workspace}`);
  if ('ambiguous' in found) throw new UsageError(`several files for ${lesson.id} in ${workspace}: ${found.ambiguous.join(', ')}; keep one, or name the file`);
  return checkReadable(found.file, path.relative(cwd, found.file) || found.file);
}

// A usage error unless the file is a readable file with a supported extension.
export function checkReadable(file: string, shown: string): string {
  const extension = path.extname(file);
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new UsageError(`${shown}: unsupported file type "${extension || '(none)'}"; use ${SUPPORTED_EXTENSIONS.join(', ')}`);
  }
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${shown} is not a file`);
    accessSync(file, constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${shown}: no such file` : `${shown}: cannot be read (${code})`);
  }
  return file;
}
