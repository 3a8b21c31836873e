import path from 'node:path';
import { redactRedisUrl } from '../../engine/redis/redis-url.js';
import { quote } from '../excerpt.js';
import type { FailureDetails, ProgramView } from '../step-failure.js';

// What a failed step of a lesson that keeps its state in Redis says, as pure functions of what was seen
// (the program's stderr, the URL it was given): each returns the failure record the step fails with.

/**
 * The package node could not find, read from the program's stderr ("Cannot find package 'redis' imported
 * from …", "Cannot find module 'ioredis'"); undefined for a relative file, a node: module, or no such error.
 */
export function missingPackage(stderr: string): string | undefined {
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(stderr)?.[1];
  if (!name || name.startsWith('.') || path.isAbsolute(name) || name.startsWith('node:')) return undefined;
  const parts = name.split('/');
  return name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** A program that cannot find its package (its Redis client): the exact command that installs it in the learner's folder. */
export function missingPackageFailure(name: string, program: ProgramView): FailureDetails {
  const folder = path.dirname(program.file);
  return {
    message: `Your program cannot find the package ${quote(name)}: it is not installed in ${folder} or a folder above it.`,
    expected: `the package ${quote(name)} installed next to ${path.basename(program.file)}`,
    actual: `Cannot find package ${quote(name)}`,
    hint: `Install it where your file is: cd ${quoteForShell(folder)} && npm install ${name}`,
    program,
  };
}

/**
 * The address a program was refused at ("127.0.0.1:6379"), read from its stderr, when that is not the
 * Redis at `redisUrl`; undefined when it was not refused, or only there.
 */
export function refusedElsewhere(stderr: string, redisUrl: string): string | undefined {
  const given = new URL(redisUrl);
  const givenPort = given.port || '6379';
  for (const match of stderr.matchAll(/ECONNREFUSED \[?([^\s\]]+)\]?:(\d+)\b/g)) {
    const [, host, port] = match;
    if (port !== givenPort || !['127.0.0.1', 'localhost', '::1', given.hostname].includes(host!)) return `${host}:${port}`;
  }
  return undefined;
}

/**
 * A program that connects to another Redis (its default, say) than the one REDIS_URL names: refused there
 * (`how` 'refused', from its stderr), or connected there (`how` 'connected', from the socket table: any
 * port but REDIS_URL's).
 */
export function wrongRedisFailure(address: string, redisUrl: string, program: ProgramView, how: 'refused' | 'connected' = 'refused'): FailureDetails {
  const url = redactRedisUrl(redisUrl);
  return {
    message:
      how === 'refused'
        ? `Your program tries to reach a Redis at ${address}, and nothing answers there; REDIS_URL is ${url}.`
        : `Your program connects to port ${address.slice(address.lastIndexOf(':') + 1)} (${address}), not to the Redis REDIS_URL names (${url}).`,
    expected: `a connection to REDIS_URL (${url})`,
    actual: how === 'refused' ? `connect ECONNREFUSED ${address}` : `connected to ${address}`,
    hint: 'Give your client the URL from the environment: createClient({ url: process.env.REDIS_URL }) (new Redis(process.env.REDIS_URL) with ioredis), with redis://127.0.0.1:6379 only as the default.',
    program,
  };
}

// A folder as typed in a shell: quoted only when it has to be.
function quoteForShell(folder: string): string {
  return /^[\w@%+=:,./-]+$/.test(folder) ? folder : `'${folder.replace(/'/g, `'\\''`)}'`;
}
