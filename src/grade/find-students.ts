import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ClassFolderError } from './class-folder-error.js';
import { compareNames } from './shard.js';

// A student: their folder in the class folder, named after them. A folder that is a link out of the class
// folder is refused (`refused` says why): grading it would read, and show, whatever it points at.
export interface Student {
  name: string;
  dir: string;
  refused?: string;
}

// The students of a class folder: each folder in it (hidden ones skipped), in name order. A link to a
// folder inside the class folder counts; one that leads out of it is listed as refused.
export function findStudents(classDir: string): Student[] {
  const dir = path.resolve(classDir);
  let entries: string[];
  let realClass: string;
  try {
    if (!statSync(dir).isDirectory()) throw new ClassFolderError(`${classDir} is not a folder (give the folder that holds one folder per student)`);
    entries = readdirSync(dir);
    realClass = realpathSync(dir);
  } catch (error) {
    if (error instanceof ClassFolderError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ClassFolderError(code === 'ENOENT' ? `${classDir}: no such folder` : `${classDir} cannot be read (${code})`);
  }
  const students = entries
    .filter((name) => !name.startsWith('.'))
    .sort(compareNames)
    .flatMap((name): Student[] => {
      const student = path.join(dir, name);
      const kind = folderKind(student, realClass);
      if (kind === 'not a folder') return [];
      return kind === 'outside' ? [{ name, dir: student, refused: 'is a link out of the class folder: not graded, hand in a real folder' }] : [{ name, dir: student }];
    });
  if (students.length === 0) throw new ClassFolderError(`${classDir} has no student folders (one folder per student, holding files named like 06-signals.js)`);
  return students;
}

// A real folder, a link to a folder inside the class folder (both 'inside'), a link leading out of it, or no folder at all.
function folderKind(file: string, realClass: string): 'inside' | 'outside' | 'not a folder' {
  try {
    const stats = lstatSync(file);
    if (stats.isDirectory()) return 'inside';
    if (!stats.isSymbolicLink()) return 'not a folder';
    const target = realpathSync(file);
    if (!statSync(target).isDirectory()) return 'not a folder';
    return target !== realClass && isInside(target, realClass) ? 'inside' : 'outside';
  } catch {
    return 'not a folder';
  }
}

/** Whether `file` is `folder` or lies under it (both resolved). */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

// Whether `file` is a folder, following symbolic links.
export function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
