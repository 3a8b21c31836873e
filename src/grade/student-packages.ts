import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { isFolder } from './find-students.js';

// The node_modules folders node searches from the workshop's own files, nearest first: its own, then
// those above it (an installed workshop's dependencies are hoisted into the project's node_modules).
export function workshopModuleFolders(): string[] {
  const folders: string[] = [];
  for (let dir = packageRoot; ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    if (isFolder(modules)) folders.push(modules);
    if (path.dirname(dir) === dir) return folders;
  }
}

// Makes the packages a student's program imports (`redis`, say) resolve from the run's scratch folder:
// a node_modules link to the student's own node_modules when their folder has one, else to the
// workshop's. A link, because ES modules ignore NODE_PATH. Returns the folder linked to, if any.
export function linkStudentPackages(scratchDir: string, studentDir: string): string | undefined {
  const own = path.join(studentDir, 'node_modules');
  const target = isFolder(own) ? own : workshopModuleFolders()[0];
  if (target === undefined) return undefined;
  symlinkSync(target, path.join(scratchDir, 'node_modules'), 'dir');
  return target;
}
