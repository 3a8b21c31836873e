// verify and run, ended from outside (Ctrl-C, a kill, a closed terminal): every program they started is
// stopped, and they exit as a shell expects of that signal (128 + its number).
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../src/engine/terminate/wait-until.js';
import { newMarker, runningWith } from '../helpers/marked-run.js';
import { cliPath, repoRoot } from '../helpers/paths.js';

const solution = path.join(repoRoot, 'solutions', '08-shared-port.js');
const markers: string[] = [];
afterAll(() => markers.forEach((marker) => rmSync(marker, { recursive: true, force: true })));

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('on %s', (signal, exitCode) => {
  it.each(['verify', 'run'])(`%s 8 stops the primary and its workers and exits ${exitCode}`, async (command) => {
    const marker = newMarker();
    markers.push(marker);
    mkdirSync(marker);
    const child = execa(process.execPath, [cliPath, command, '8', solution], { cwd: repoRoot, reject: false, env: { NO_COLOR: '1', TMPDIR: marker } });
    // The primary and at least one worker run once two processes have the solution on their command line
    // (the workshop's own names it too: it does not count).
    const serving = () => runningWith(marker).filter((found) => found.command.includes(solution) && !found.command.includes(cliPath)).length >= 2;
    expect(await waitUntil(serving, 20_000)).toBe(true);
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(exitCode);
    expect(runningWith(marker)).toEqual([]);
  }, 40_000);
});
