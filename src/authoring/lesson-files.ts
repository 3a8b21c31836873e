/** The files a lesson folder holds, and nothing else. */
export const LESSON_FILES = ['README.md', 'lesson.json', 'starter.js', 'check.ts'] as const;

/** The extension of a reference solution: solutions/NN-slug.js. */
export const SOLUTION_EXTENSION = '.js';
