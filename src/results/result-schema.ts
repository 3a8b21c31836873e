import * as z from 'zod';

// Validates one step of a verification report (`verify --json`, grading).
export const stepResultSchema = z.object({
  title: z.string().describe('What the step tried, in a learner\'s words'),
  passed: z.boolean().describe('False for the step that failed; true when it passed or was not checked'),
  notChecked: z.literal(true).optional().describe('Set when the step could not be checked on this platform (its title says why): neither a pass nor a failure'),
  message: z.string().optional().describe('One line saying what went wrong (failures only)'),
  expected: z.string().optional().describe('What the program should have done or printed'),
  actual: z.string().optional().describe('What the program did or printed instead'),
  hint: z.string().optional().describe('What to try next'),
  durationMs: z.number().nonnegative().describe('How long the step took, in milliseconds'),
});

// Validates a whole verification report.
export const verifyResultSchema = z.object({
  lesson: z.string().regex(/^lesson-\d+$/).describe('The lesson id, e.g. lesson-6'),
  title: z.string().describe('The lesson title'),
  file: z.string().describe('The verified file (absolute path)'),
  passed: z.boolean().describe('True when every step passed'),
  cancelled: z.boolean().optional().describe('True when the learner cancelled the verification'),
  error: z.string().optional().describe('Set when the workshop itself could not run the check'),
  needs: z
    .object({
      what: z.string().describe('What the machine lacks, e.g. Redis'),
      reason: z.string().describe('Why it is not available here'),
      howTo: z.array(z.string()).describe('Ways to get it, one command or step each'),
    })
    .optional()
    .describe('Set when the check could not run because the machine lacks something the lesson needs (exit code 3); neither a pass nor a failure'),
  durationMs: z.number().nonnegative().describe('Total time of the verification, in milliseconds'),
  steps: z.array(stepResultSchema).describe('The steps in the order they ran; checking stops at the first failure'),
  stepCount: z.number().int().positive().optional().describe('How many steps the check has in all, when the lesson states it (a failure stops at its first failing step)'),
  output: z
    .object({
      stdout: z.string().describe('The last lines the program wrote to stdout'),
      stderr: z.string().describe('The last lines the program wrote to stderr'),
    })
    .optional()
    .describe('Output of the program the report is about (the failing one, or the last one started)'),
});
