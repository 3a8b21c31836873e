import * as z from 'zod';

const lessonId = z.string().regex(/^lesson-\d+$/).describe('The lesson id, e.g. lesson-6');
const file = z.string().describe("The student's file for the lesson, as named in their folder (06-signals.js)");
const durationMs = z.number().nonnegative().describe('How long the verification took, in milliseconds');

// One lesson of one student: passed, failed (with the first failing step), missing, needs (the machine lacks
// something, Redis), timed out or tampered (in the sandbox), or error (the workshop could not run it).
export const lessonGradeSchema = z.discriminatedUnion('status', [
  z.object({
    id: lessonId,
    status: z.literal('passed').describe('Every step of the check passed'),
    file,
    durationMs,
  }),
  z.object({
    id: lessonId,
    status: z.literal('failed').describe('A step of the check failed: the student\'s program does not do what the lesson asks'),
    message: z.string().min(1).describe('The first failing step\'s message'),
    step: z.string().describe('The title of the first failing step'),
    file,
    durationMs,
  }),
  z.object({
    id: lessonId,
    status: z.literal('missing').describe('The student\'s folder has no file for this lesson'),
    message: z.string().min(1).describe('Which file names were looked for'),
  }),
  z.object({
    id: lessonId,
    status: z.literal('needs').describe('The grading machine lacks something the lesson needs (Redis): not graded, and not the student\'s failure'),
    what: z.string().min(1).describe('What is missing, e.g. Redis'),
    message: z.string().min(1).describe('Why it is missing, and how to get it'),
    file,
    durationMs,
  }),
  z.object({
    id: lessonId,
    status: z.literal('timed out').describe("The student's sandbox took longer than its budget: it was ended, and this lesson got no verdict (a failure)"),
    message: z.string().min(1).describe('Which budget was spent'),
    file,
  }),
  z.object({
    id: lessonId,
    status: z.literal('tampered').describe("The student's programs reached the verifier or its results channel (a forged or extra result, a signal to the verifier): none of this student's lessons is trusted (a failure, never a pass)"),
    message: z.string().min(1).describe('What was seen'),
    file,
  }),
  z.object({
    id: lessonId,
    status: z.literal('error').describe('The workshop itself could not run the verification'),
    message: z.string().min(1).describe('Why the verification could not run'),
    file: file.optional(),
    durationMs: durationMs.optional(),
  }),
]);

// One student: every lesson's grade, in course order.
export const studentGradeSchema = z.object({
  name: z.string().min(1).describe('The student, as their folder is named'),
  passed: z.number().int().nonnegative().describe('How many lessons passed'),
  lessons: z.array(lessonGradeSchema).describe('One entry per lesson of the course, in course order'),
  copies: z.array(lessonId).optional().describe("The lessons whose file is the workshop's shipped reference solution, whitespace and comments aside"),
  notes: z.array(z.string()).optional().describe("What the instructor should know about how this student was graded (their node_modules not used, and why)"),
});

// Students who failed a lesson at the same step with the same kind of message: what to explain again.
export const failureGroupSchema = z.object({
  lesson: lessonId,
  step: z.string().describe('The step they failed at'),
  message: z.string().describe('The kind of message, with what differs from student to student (numbers, pids, paths) replaced by placeholders'),
  students: z.array(z.string()).min(1).describe('The students, in name order'),
});

// What one student's programs may use in the sandbox, and what holds them to it.
export const sandboxInfoSchema = z.object({
  limitsBy: z
    .literal('/proc sampling')
    .describe("How the limits were held: the grader reads every sandboxed process's /proc four times a second and kills them all past a limit (cgroups v2 are not used)"),
  memoryMb: z.number().positive().describe("The student's programs' memory together (proportional set size), in MB"),
  processes: z.number().int().positive().describe('Their processes at once'),
  threads: z.number().int().positive().describe('Their threads at once, every process counted'),
  openFiles: z.number().int().positive().describe('Their open files (descriptors) at once, every process counted'),
  cpuSecondsPerLesson: z.number().positive().describe('The CPU time their processes may spend in one lesson'),
  diskMb: z.number().positive().describe('What they may write, /tmp, their folders and HOME together (a tmpfs of this size; past it writes fail with ENOSPC)'),
});

// The report of `grade --json`: every student's every lesson.
export const gradeReportSchema = z.object({
  lessons: z
    .array(
      z.object({
        id: lessonId,
        name: z.string().describe('The lesson folder and file name without extension (06-signals)'),
        title: z.string().describe('The lesson title'),
        passed: z.number().int().nonnegative().describe('How many students passed it'),
      }),
    )
    .describe('The lessons graded, in course order (the columns of the table)'),
  students: z.array(studentGradeSchema).describe('The students in name order (the rows of the table)'),
  refused: z
    .array(z.object({ name: z.string().min(1), reason: z.string().min(1) }))
    .optional()
    .describe('Student folders not graded at all, and why (a link out of the class folder)'),
  failures: z.array(failureGroupSchema).describe("The class's common mistakes: failures grouped by lesson, step and kind of message, the biggest group first"),
  fingerprint: z
    .string()
    .optional()
    .describe("The class graded: a digest of its student folders' names and the lessons, the same on every machine that grades a shard of it (grade merge joins only shards with the same one)"),
  shard: z
    .object({
      index: z.number().int().positive().describe('Which shard this is, from 1'),
      count: z.number().int().positive().describe('How many shards the class was split into'),
    })
    .refine((shard) => shard.index <= shard.count, 'a shard index cannot exceed the shard count')
    .optional()
    .describe('Set when only one shard of the class was graded (grade --shard i/n); `grade merge` joins the shards'),
  sandbox: sandboxInfoSchema.optional().describe('Set when the students were graded in the sandbox: what each one\'s programs could use, and how that was held'),
  concurrency: z.number().int().positive().describe('How many verifications ran at once'),
  durationMs: z.number().nonnegative().describe('How long grading took, in milliseconds'),
});

export type LessonGrade = z.infer<typeof lessonGradeSchema>;
export type GradeStatus = LessonGrade['status'];
export type StudentGrade = z.infer<typeof studentGradeSchema>;
export type GradeReport = z.infer<typeof gradeReportSchema>;
export type FailureGroup = z.infer<typeof failureGroupSchema>;
export type SandboxInfo = z.infer<typeof sandboxInfoSchema>;
