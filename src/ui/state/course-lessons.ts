import type { LessonFolder } from '../../lessons/lesson-folders.js';
import type { Progress } from '../../workspace/progress-schema.js';
import { hasPassed } from '../../workspace/progress-store.js';

// A lesson as the course screen lists it: its folder and title.
export interface CourseLesson {
  folder: LessonFolder;
  title: string;
}

// Which lessons the course screen lists.
export type LessonFilter = 'all' | 'todo' | 'passed';

// Where a learner stands with a lesson: passed, the next one to do, or not yet.
export type LessonStatus = 'passed' | 'current' | 'todo';

// The status of every lesson: the first lesson not passed is the current one.
export function lessonStatuses(lessons: readonly CourseLesson[], progress: Progress): LessonStatus[] {
  let currentFound = false;
  return lessons.map(({ folder }) => {
    if (hasPassed(progress, folder.id)) return 'passed';
    if (currentFound) return 'todo';
    currentFound = true;
    return 'current';
  });
}

// The indexes of the lessons a filter lets through, in course order.
export function visibleLessons(statuses: readonly LessonStatus[], filter: LessonFilter): number[] {
  return statuses.flatMap((status, index) => (filter === 'all' || (filter === 'passed') === (status === 'passed') ? [index] : []));
}
