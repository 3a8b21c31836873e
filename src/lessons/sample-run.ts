import path from 'node:path';
import { freePort } from '../engine/http/free-port.js';
import { watchMemory, type MemoryExceeded } from '../engine/limits/memory-watch.js';
import { startProgram, type Program } from '../engine/program/program.js';
import { redactDatabaseUrl } from '../engine/postgres/database-url.js';
import { providePostgres } from '../engine/postgres/provide-postgres.js';
import { provideRedis } from '../engine/redis/provide-redis.js';
import { redactRedisUrl } from '../engine/redis/redis-url.js';
import type { Lesson } from './load-lesson.js';

/** How long a server the run brings may take to start (PostgreSQL's first template takes seconds). */
const SERVICE_START_MS = 60_000;
/** DB_CONNECTIONS of a sample run against the workshop's own PostgreSQL: its limit too. */
const SAMPLE_DB_CONNECTIONS = 8;

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
  /** What the run could not provide (no Redis, no PostgreSQL), one sentence each, for the learner. */
  notes: string[];
  /** Stops the servers the run brought (a private Redis or PostgreSQL): call it once the program is stopped. Safe to call more than once. */
  stopServices(): Promise<void>;
}

// The servers a lesson's program needs, as its check provides them: a private one when installed, else the
// learner's URL. Their variables for the program; a note instead when there is neither.
async function startServices(lesson: Lesson): Promise<{ env: Record<string, string>; notes: string[]; stops: (() => Promise<void>)[] }> {
  const needs = lesson.meta.needs ?? [];
  const started: { env: Record<string, string>; notes: string[]; stops: (() => Promise<void>)[] } = { env: {}, notes: [], stops: [] };
  try {
    if (needs.includes('redis')) {
      const redis = await provideRedis({ timeoutMs: SERVICE_START_MS }).catch(unavailable(started, 'Redis'));
      if (redis) {
        started.env.REDIS_URL = redis.url;
        started.stops.push(redis.stop);
      }
    }
    if (needs.includes('postgresql')) {
      const postgres = await providePostgres({ connections: SAMPLE_DB_CONNECTIONS, timeoutMs: SERVICE_START_MS }).catch(unavailable(started, 'PostgreSQL'));
      if (postgres) {
        started.env.DATABASE_URL = postgres.url;
        started.env.DB_CONNECTIONS = String(postgres.connections);
        started.stops.push(postgres.stop);
      }
    }
  } catch (error) {
    await Promise.all(started.stops.map((stop) => stop()));
    throw error;
  }
  return started;
}

// A server that is not there, or would not start: the run goes on without it, and says so.
function unavailable(started: { notes: string[] }, what: string): (error: Error) => undefined {
  return (error) => {
    started.notes.push(`no ${what} for your program: ${error.message}`);
    return undefined;
  };
}

/** A lesson whose text names PORT has a program that listens on it (or reads it). */
export function lessonUsesPort(lesson: Pick<Lesson, 'body' | 'meta'>): boolean {
  return 'PORT' in lesson.meta.run.env || /\bPORT\b/.test(lesson.body);
}

// Starts the program with the lesson's sample arguments, stdin and environment, plus a free PORT for a
// program that serves (unless the sample sets one), and for a lesson on Redis or PostgreSQL the server its check
// would use (a private one when installed, else the learner's REDIS_URL or DATABASE_URL) with its variables.
// Nothing else of the workshop's is set (the engine passes on only PATH, HOME and the like).
export async function startSampleRun(lesson: Lesson, file: string, cwd = process.cwd()): Promise<SampleRun> {
  const sample = lesson.meta.run;
  const port = lessonUsesPort(lesson) && !('PORT' in sample.env) ? await freePort() : undefined;
  const services = await startServices(lesson);
  let stopping: Promise<void> | undefined;
  const stopServices = () => (stopping ??= Promise.all(services.stops.map((stop) => stop())).then(() => {}));
  const env: Record<string, string> = { ...services.env, ...sample.env, ...(port !== undefined ? { PORT: String(port) } : {}) };
  const commandLine = [
    ...Object.entries(env).map(([name, value]) => `${name}=${name === 'REDIS_URL' ? redactRedisUrl(value) : name === 'DATABASE_URL' ? redactDatabaseUrl(value) : shellWord(value)}`),
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
  return { program, port, commandLine: `${commandLine}${sample.stdin !== null ? ' < sample input' : ''}`, until: sample.until, memoryExceeded, notes: services.notes, stopServices };
}

// A value as a shell reads it back: bare when it is plain, else in single quotes.
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
