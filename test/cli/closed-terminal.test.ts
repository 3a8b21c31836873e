// A learner closes the terminal window while `verify 8` or `run 8` runs: the workshop gets SIGHUP and must
// stop the primary and its workers before it goes. In a real terminal (a tmux window of a server of its own).
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../src/engine/terminate/wait-until.js';
import { newMarker, runningWith } from '../helpers/marked-run.js';
import { cliPath, repoRoot } from '../helpers/paths.js';

const run = promisify(execFile);
const solution = path.join(repoRoot, 'solutions', '08-shared-port.js');
/** A tmux server of its own, named so that a leftover one is caught by the suite's process check. */
const socket = `snw-test-closed-terminal-${process.pid}`;
const tmux = (...args: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const markers: string[] = [];

afterAll(async () => {
  await tmux('kill-server').catch(() => {});
  markers.forEach((marker) => rmSync(marker, { recursive: true, force: true }));
});

describe('closing the terminal window', () => {
  it.each(['verify', 'run'])('during %s 8 leaves nothing running', async (command) => {
    const marker = newMarker();
    markers.push(marker);
    mkdirSync(marker);
    const window = `closed-${command}`;
    const line = ['env', `TMPDIR=${marker}`, process.execPath, cliPath, command, '8', solution].map(quote).join(' ');
    await tmux('new-session', '-d', '-s', window, '-x', '100', '-y', '30', '-c', repoRoot, line);
    // The primary and its workers are up once three processes run the solution (the workshop names it too).
    const serving = () => runningWith(marker).filter((found) => found.command.includes(solution) && !found.command.includes(cliPath)).length >= 3;
    expect(await waitUntil(serving, 30_000)).toBe(true);
    await tmux('kill-window', '-t', window);
    expect(await waitUntil(() => runningWith(marker).length === 0, 10_000), JSON.stringify(runningWith(marker))).toBe(true);
  }, 60_000);
});
