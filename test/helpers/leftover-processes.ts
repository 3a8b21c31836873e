import { readFileSync } from 'node:fs';
import { readCommandLine, listProcesses } from '../../src/engine/proc/process-table.js';
import { repoRoot } from './paths.js';

// When a process started, in clock ticks since boot (/proc/<pid>/stat field 22).
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return undefined;
  }
}

// Processes started since `sinceTicks` that run a program from this repository's fixtures,
// solutions, lessons or test workspaces (vitest's own workers excepted), the redis-servers the
// lesson 14 checks start (a server renames itself "redis-server <address>", so it is known by name), and
// the private PostgreSQL servers (a postmaster on a snw-postgres- folder; its server processes rename
// themselves "postgres: scaling-node-workshop: <what>").
export function leftoverProcesses(sinceTicks = 0): { pid: number; command: string }[] {
  const markers = [`${repoRoot}/test/`, `${repoRoot}/solutions/`, `${repoRoot}/lessons/`, 'snw-test-'];
  const found: { pid: number; command: string }[] = [];
  for (const info of listProcesses()) {
    if (info.pid === process.pid) continue;
    if ((processStartTicks(info.pid) ?? 0) < sinceTicks) continue;
    const command = readCommandLine(info.pid)?.join(' ') ?? '';
    if (/vitest|tsc|esbuild/.test(command)) continue;
    if (markers.some((marker) => command.includes(marker)) || /^\S*redis-server\b/.test(command) || isPrivatePostgres(command)) found.push({ pid: info.pid, command });
  }
  return found;
}

function isPrivatePostgres(command: string): boolean {
  return command.startsWith('postgres: scaling-node-workshop:') || (/^\S*postgres /.test(command) && command.includes('snw-postgres-'));
}
