import { readFileSync } from 'node:fs';
import { lessonPaths } from './course-layout.js';
import type { LessonFolder } from './lesson-folders.js';

// How many steps the lesson's check has, as its lesson.json states ("steps"), read without loading the
// schema's validator (verify stays quick); undefined when it does not say or cannot be read.
export function readStepCount(folder: LessonFolder): number | undefined {
  try {
    const steps = (JSON.parse(readFileSync(lessonPaths(folder).meta, 'utf8')) as { steps?: unknown }).steps;
    return Number.isInteger(steps) && (steps as number) > 0 ? (steps as number) : undefined;
  } catch {
    return undefined;
  }
}
