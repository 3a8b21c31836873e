import path from 'node:path';
import { packageRoot } from '../package-root.js';
import type { LessonFolder } from './lesson-folders.js';

// Where a course's parts live: lessons/, solutions/, and the compiled checks under dist/lessons/. The one
// place that knows these paths; everything else asks here.
export interface CourseLayout {
  root: string;
  lessonsDir: string;
  solutionsDir: string;
  compiledChecksDir: string;
}

// The files of one lesson.
export interface LessonPaths {
  readme: string;
  meta: string;
  starter: string;
  /** The check's TypeScript source, lessons/NN-slug/check.ts. */
  checkSource: string;
  /** What the build makes of it, dist/lessons/NN-slug/check.js: what verify, check and grade run. */
  compiledCheck: string;
  /** The reference solution, solutions/NN-slug.js. */
  solution: string;
}

/** The files a lesson folder holds, and nothing else. */
export const LESSON_FILES = ['README.md', 'lesson.json', 'starter.js', 'check.ts'] as const;

/** The files lessons/ holds besides the lesson folders: the course contract (each lesson's rules, and the step that tries each). */
export const COURSE_FILES = ['CONTRACT.md'] as const;

/** The extension of a reference solution: solutions/NN-slug.js. */
export const SOLUTION_EXTENSION = '.js';

// The layout of the course rooted at `root` (default: this package).
export function courseLayout(root = packageRoot): CourseLayout {
  return {
    root,
    lessonsDir: path.join(root, 'lessons'),
    solutionsDir: path.join(root, 'solutions'),
    compiledChecksDir: path.join(root, 'dist', 'lessons'),
  };
}

/** The course this package ships. */
export const packageCourse = courseLayout();

// Where each file of a lesson is, in the course it belongs to.
export function lessonPaths(folder: LessonFolder, layout: CourseLayout = packageCourse): LessonPaths {
  return {
    readme: path.join(folder.dir, 'README.md'),
    meta: path.join(folder.dir, 'lesson.json'),
    starter: path.join(folder.dir, 'starter.js'),
    checkSource: path.join(folder.dir, 'check.ts'),
    compiledCheck: path.join(layout.compiledChecksDir, folder.name, 'check.js'),
    solution: path.join(layout.solutionsDir, `${folder.name}${SOLUTION_EXTENSION}`),
  };
}
