import { findExecutable } from '../engine/find-executable.js';
import { findPostgres } from '../engine/postgres/find-postgres.js';
import type { NeedsReport } from '../results/verify-result.js';

/** What a lesson can need from the machine besides node (lesson.json "needs"). */
export const requirementNames = ['redis', 'postgresql'] as const;
export type RequirementName = (typeof requirementNames)[number];

const described: Record<RequirementName, { what: string; howTo: string[]; isAvailable: (env: NodeJS.ProcessEnv) => boolean }> = {
  redis: {
    what: 'Redis',
    howTo: [
      'apt install redis-server   (Debian, Ubuntu)',
      'brew install redis         (macOS)',
      'docker run -p 6379:6379 redis, then REDIS_URL=redis://127.0.0.1:6379 when you verify',
    ],
    // Cheap and without a connection: whether a verification will find a Redis is only known by trying.
    isAvailable: (env) => findExecutable('redis-server', env.PATH) !== undefined || Boolean(env.REDIS_URL?.trim()),
  },
  postgresql: {
    what: 'PostgreSQL',
    howTo: [
      'apt install postgresql     (Debian, Ubuntu)',
      'brew install postgresql    (macOS)',
      'docker run -p 5432:5432 -e POSTGRES_PASSWORD=workshop postgres, then DATABASE_URL=postgres://postgres:workshop@127.0.0.1:5432/postgres when you verify',
    ],
    // The server is only started by a verification: here, whether its programs are installed, or a URL is set.
    isAvailable: (env) => findPostgres(env) !== undefined || Boolean(env.DATABASE_URL?.trim()),
  },
};

// The requirement as missing for the reason given: what it is, and how to get it.
export function missingRequirement(name: RequirementName, reason: string): NeedsReport {
  const { what, howTo } = described[name];
  return { what, reason, howTo };
}

// The requirements of a lesson that this machine cannot meet as far as a quick look shows (nothing on PATH, no URL).
export function unmetRequirements(needs: readonly RequirementName[] | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  return (needs ?? []).filter((name) => !described[name].isAvailable(env)).map((name) => described[name].what);
}
