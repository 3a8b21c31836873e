import path from 'node:path';
import { freePort } from '../engine/free-port.js';
import { watchMemory, type MemoryExceeded } from '../engine/memory-watch.js';
import { startProgram, type Program } from '../engine/program.js';
import { redactRedisUrl } from '../engine/redis/redis-url.js';
import type { Lesson } from './load-lesson.js';

// A learner's program started on its lesson's sample input, and how to show that command.
export interface SampleRun {
  program: Program;
  /** The free port given as PORT, for a lesson whose program serves (its text names PORT). */
  port: number | undefined;
  /** The command as a learner would type it, with exactly the variables it sets ("WORKERS=2 PORT=41234 node 08-shared-port.js"). */
  commandLine: string;
  /** Whether the program ends by itself or runs until it is interrupted. */
  until: Lesson['meta']['run']['until'];
  /** Settles if its processes together pass their memory limit; the program is being stopped then (see watchMemory). */
  memoryExceeded: Promise<MemoryExceeded>;
}

/** A lesson whose text names PORT has a program that listens on it (or reads it). */
export function lessonUsesPort(lesson: Pick<Lesson, 'body' | 'meta'>): boolean {
  return 'PORT' in lesson.meta.run.env || /\bPORT\b/.test(lesson.body);
}

// Starts the program with the lesson's sample arguments, stdin and environment, plus a free PORT for a
// program that serves (unless the sample sets one) and the learner's REDIS_URL for a lesson on Redis.
// Nothing else of the workshop's is set (the engine passes on only PATH, HOME and the like).
export async function startSampleRun(lesson: Lesson, file: string, cwd = process.cwd()): Promise<SampleRun> {
  const sample = lesson.meta.run;
  const port = lessonUsesPort(lesson) && !('PORT' in sample.env) ? await freePort() : undefined;
  // A lesson that needs Redis runs against the learner's REDIS_URL when they set one (else the program's default).
  const redisUrl = lesson.meta.needs?.includes('redis') ? process.env.REDIS_URL : undefined;
  const env: Record<string, string> = { ...(redisUrl ? { REDIS_URL: redisUrl } : {}), ...sample.env, ...(port !== undefined ? { PORT: String(port) } : {}) };
  const commandLine = [
    ...Object.entries(env).map(([name, value]) => `${name}=${name === 'REDIS_URL' ? redactRedisUrl(value) : shellWord(value)}`),
    'node',
    path.relative(cwd, file) || file,
    ...sample.args.map(shellWord),
  ].join(' ');
  const program = startProgram({ file, args: sample.args, env, stdin: sample.stdin ?? 'closed', cwd: path.dirname(file) });
  // Bounded as in a check: past its memory limit, all of it is stopped.
  const memoryExceeded = new Promise<MemoryExceeded>((resolve) =>
    watchMemory(program, (exceeded) => {
      void program.stop();
      resolve(exceeded);
    }, program.memoryLimitMb),
  );
  return { program, port, commandLine: `${commandLine}${sample.stdin !== null ? ' < sample input' : ''}`, until: sample.until, memoryExceeded };
}

// A value as a shell reads it back: bare when it is plain, else in single quotes.
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
