import path from 'node:path';
import { packageRoot } from '../package-root.js';

// Where a course's parts live: lessons/, solutions/, and the compiled checks under dist/lessons/.
export interface CourseLayout {
  root: string;
  lessonsDir: string;
  solutionsDir: string;
  compiledChecksDir: string;
}

// The layout of the course rooted at `root` (default: this package).
export function courseLayout(root = packageRoot): CourseLayout {
  return {
    root,
    lessonsDir: path.join(root, 'lessons'),
    solutionsDir: path.join(root, 'solutions'),
    compiledChecksDir: path.join(root, 'dist', 'lessons'),
  };
}
