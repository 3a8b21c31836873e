import { listLessonFolders } from '../../src/lessons/lesson-folders.js';

// The course's size is data: what tests expect of lists, counts and layouts is computed from the lesson
// folders, so adding a lesson changes no test.

/** The lessons in course order, as their folders name them. */
export const courseFolders = listLessonFolders();

/** How many lessons the course has. */
export const lessonCount = courseFolders.length;

/** The course's last lesson. */
export const lastLesson = courseFolders.at(-1)!;

/** The progress count the course screen, `list` and the overview print: "3/<lesson count> passed". */
export const passedCount = (done: number) => `${done}/${lessonCount} passed`;

/** The lesson screen's heading: "Lesson 2/<lesson count>". */
export const lessonHeading = (number: number) => `Lesson ${number}/${lessonCount}`;
