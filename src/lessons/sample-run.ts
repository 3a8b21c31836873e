import path from 'node:path';
import { freePort } from '../engine/free-port.js';
import { watchMemory, type MemoryExceeded } from '../engine/memory-watch.js';
import { startProgram, type Program } from '../engine/program.js';
import { redactRedisUrl } from '../engine/redis/redis-url.js';
import type { Lesson } from './load-lesson.js';

// A learner's program started on its lesson's sample input, and how to show that command.
export interface SampleRun {
  program: Program;
  port: number;
  /** The command as a learner would type it ("PORT=41234 node 06-signals.js"). */
  commandLine: string;
  /** Whether the program ends by itself or runs until it is interrupted. */
  until: Lesson['meta']['run']['until'];
  /** Settles if its processes together pass their memory limit; the program is being stopped then (see watchMemory). */
  memoryExceeded: Promise<MemoryExceeded>;
}

// Starts the program with the lesson's sample arguments, stdin and environment on a free PORT.
export async function startSampleRun(lesson: Lesson, file: string, cwd = process.cwd()): Promise<SampleRun> {
  const sample = lesson.meta.run;
  const port = await freePort();
  // A lesson that needs Redis runs against the learner's REDIS_URL when they set one (else the program's default).
  const redisUrl = lesson.meta.needs?.includes('redis') ? process.env.REDIS_URL : undefined;
  const env = { PORT: String(port), NODE_CLUSTER_SCHED_POLICY: 'rr', ...(redisUrl ? { REDIS_URL: redisUrl } : {}), ...sample.env };
  const commandLine = [
    ...(redisUrl ? [`REDIS_URL=${redactRedisUrl(redisUrl)}`] : []),
    ...Object.entries(sample.env).map(([name, value]) => `${name}=${value}`),
    `PORT=${port}`,
    'node',
    path.relative(cwd, file) || file,
    ...sample.args.map((arg) => JSON.stringify(arg)),
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
