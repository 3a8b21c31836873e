import * as z from 'zod';

// What the workshop remembers of one lesson in a workspace.
export const lessonProgressSchema = z.object({
  passedAt: z.iso.datetime().optional().describe('When the lesson was first passed (ISO 8601)'),
  hintsShown: z.number().int().nonnegative().default(0).describe('How many hints the learner has seen'),
});

// .scaling-node-workshop/progress.json in a workspace.
export const progressSchema = z.object({
  version: z.literal(1).describe('Format version of this file'),
  lessons: z.record(z.string().regex(/^lesson-\d+$/), lessonProgressSchema).describe('Progress by lesson id'),
});

export type Progress = z.infer<typeof progressSchema>;
export type LessonProgress = z.infer<typeof lessonProgressSchema>;

// A workspace with nothing done yet.
export function emptyProgress(): Progress {
  return { version: 1, lessons: {} };
}
