import * as z from 'zod';

// What grade asks of its entry inside a student's sandbox (argv[2] of verify-lessons.js): each lesson to
// verify, its title, the student's copy of the file and the folder it runs in.
export const sandboxJobsSchema = z.array(
  z.object({
    lesson: z.string().regex(/^lesson-\d+$/),
    title: z.string(),
    file: z.string().min(1),
    cwd: z.string().min(1),
  }),
);
export type SandboxJobs = z.infer<typeof sandboxJobsSchema>;

// One line of its output: the result of the job at `index`.
export const sandboxLineSchema = z.object({ index: z.number().int().nonnegative() });
