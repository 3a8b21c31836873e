import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { LESSON_FOLDER_PATTERN, listLessonFolders } from '../lessons/lesson-folders.js';
import type { AuthoringProblem } from './authoring-problem.js';
import { COURSE_FILES, LESSON_FILES, SOLUTION_EXTENSION, type CourseLayout } from '../lessons/course-layout.js';

const lessonFileList = LESSON_FILES.join(', ');

// Files and folders in lessons/ and solutions/ that do not belong: misnamed folders, extra files,
// solutions without a lesson. Missing files are not stray; the per-lesson check reports those.
export function findStrayFiles(layout: CourseLayout): AuthoringProblem[] {
  return [...strayInLessons(layout), ...strayInSolutions(layout)];
}

function strayInLessons(layout: CourseLayout): AuthoringProblem[] {
  const problems: AuthoringProblem[] = [];
  const entries = readEntries(layout.lessonsDir);
  if (!entries) return [{ where: 'lessons', message: 'the lessons folder cannot be read' }];
  for (const entry of entries) {
    const where = `lessons/${entry.name}`;
    if (!entry.isDirectory()) {
      if (entry.isFile() && (COURSE_FILES as readonly string[]).includes(entry.name)) continue;
      problems.push({ where, message: `stray file: lessons/ holds only lesson folders and ${COURSE_FILES.join(', ')}` });
      continue;
    }
    if (!LESSON_FOLDER_PATTERN.test(entry.name)) {
      problems.push({ where, message: 'misnamed lesson folder: a lesson folder is named NN-slug (two digits, a dash, lowercase words joined by dashes)' });
      continue;
    }
    for (const inner of readEntries(path.join(layout.lessonsDir, entry.name)) ?? []) {
      if (inner.isFile() && (LESSON_FILES as readonly string[]).includes(inner.name)) continue;
      const kind = inner.isDirectory() ? 'folder' : 'file';
      problems.push({ where: `${where}/${inner.name}`, message: `stray ${kind}: a lesson folder holds only ${lessonFileList}` });
    }
  }
  return problems;
}

function strayInSolutions(layout: CourseLayout): AuthoringProblem[] {
  const entries = readEntries(layout.solutionsDir);
  if (!entries) return [{ where: 'solutions', message: 'the solutions folder cannot be read' }];
  const lessons = listLessonFolders(layout.lessonsDir);
  const problems: AuthoringProblem[] = [];
  for (const entry of entries) {
    const where = `solutions/${entry.name}`;
    if (!entry.isFile()) {
      problems.push({ where, message: 'stray folder: solutions/ holds only NN-slug.js files' });
      continue;
    }
    const extension = path.extname(entry.name);
    const name = entry.name.slice(0, entry.name.length - extension.length);
    const lesson = lessons.find((folder) => folder.name === name);
    if (lesson && extension === SOLUTION_EXTENSION) continue;
    if (lesson) {
      problems.push({ where, message: `misnamed solution: reference solutions are ${SOLUTION_EXTENSION} files (${lesson.name}${SOLUTION_EXTENSION})` });
      continue;
    }
    const sameNumber = lessons.find((folder) => name.slice(0, 3) === `${folder.name.slice(0, 2)}-`);
    if (sameNumber) problems.push({ where, message: `misnamed solution: lesson ${sameNumber.number} is lessons/${sameNumber.name}, so its solution is solutions/${sameNumber.name}${SOLUTION_EXTENSION}` });
    else problems.push({ where, message: 'a solution without a lesson: no lesson folder has this name' });
  }
  return problems;
}

function readEntries(dir: string): Dirent[] | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return undefined;
  }
}
