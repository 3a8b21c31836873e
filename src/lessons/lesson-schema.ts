import * as z from 'zod';
import { requirementNames } from './requirements.js';

// How `scaling-node-workshop run` starts the program: sample input that shows the lesson off.
export const sampleRunSchema = z
  .object({
    args: z.array(z.string()).describe('Command-line arguments for the sample run'),
    stdin: z.string().nullable().describe('Text piped to stdin, or null to leave stdin closed'),
    env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string()).describe('Environment variables added for the sample run'),
    until: z.enum(['exit', 'interrupt']).describe('"exit": the program ends by itself; "interrupt": it runs until Ctrl-C'),
  })
  .strict();

// lessons/NN-slug/lesson.json: what a lesson author writes besides the text and the check.
export const lessonMetaSchema = z
  .object({
    seed: z.string().min(1).describe('The section of the "Scaling Node" tutorial the lesson teaches'),
    summary: z.string().min(1).max(80).describe('One line, at most 80 characters: what the learner\'s program does'),
    run: sampleRunSchema.describe('The sample run of `scaling-node-workshop run`'),
    steps: z.number().int().positive().optional().describe('How many steps the check has (as the reference solution goes through them on Linux): a failure says "stopped at step 3 of 8"; `check` keeps it true'),
    needs: z.array(z.enum(requirementNames)).optional().describe('What the lesson needs from the machine besides node ("redis", "postgresql"); without it the check says so and does not run'),
  })
  .strict();

export type LessonMeta = z.infer<typeof lessonMetaSchema>;
export type SampleRun = z.infer<typeof sampleRunSchema>;
