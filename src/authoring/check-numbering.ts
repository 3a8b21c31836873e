import type { LessonFolder } from '../lessons/lesson-folders.js';
import type { AuthoringProblem } from './authoring-problem.js';

// Lesson numbers must run 1, 2, 3, … with no gap and no number used twice.
export function checkNumbering(folders: readonly LessonFolder[]): AuthoringProblem[] {
  const problems: AuthoringProblem[] = [];
  const byNumber = new Map<number, LessonFolder[]>();
  for (const folder of folders) byNumber.set(folder.number, [...(byNumber.get(folder.number) ?? []), folder]);
  for (const [number, same] of byNumber) {
    if (same.length > 1) {
      problems.push({ where: `lessons/${same[0]!.name}`, message: `duplicate lesson number ${number}: ${same.map((folder) => `lessons/${folder.name}`).join(', ')}` });
    }
  }
  const highest = Math.max(0, ...byNumber.keys());
  for (let number = 1; number <= highest; number++) {
    if (!byNumber.has(number)) problems.push({ where: 'lessons', message: `lesson number gap: no lesson ${String(number).padStart(2, '0')}-* between 1 and ${highest}` });
  }
  if (byNumber.has(0)) problems.push({ where: `lessons/${byNumber.get(0)![0]!.name}`, message: 'lesson numbers start at 01' });
  return problems;
}
