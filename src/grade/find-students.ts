import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ClassFolderError } from './class-folder-error.js';
import { compareNames } from './shard.js';

// A student: their folder in the class folder, named after them.
export interface Student {
  name: string;
  dir: string;
}

// The students of a class folder: each folder in it (hidden ones skipped), in name order.
export function findStudents(classDir: string): Student[] {
  const dir = path.resolve(classDir);
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ClassFolderError(`${classDir} is not a folder (give the folder that holds one folder per student)`);
    entries = readdirSync(dir);
  } catch (error) {
    if (error instanceof ClassFolderError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ClassFolderError(code === 'ENOENT' ? `${classDir}: no such folder` : `${classDir} cannot be read (${code})`);
  }
  const students = entries
    .filter((name) => !name.startsWith('.') && isFolder(path.join(dir, name)))
    .sort(compareNames)
    .map((name) => ({ name, dir: path.join(dir, name) }));
  if (students.length === 0) throw new ClassFolderError(`${classDir} has no student folders (one folder per student, holding files named like 06-signals.js)`);
  return students;
}

// Whether `file` is a folder, following symbolic links (a student's folder may be linked in from elsewhere).
export function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
