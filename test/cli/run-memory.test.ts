// `run` bounds the program's memory as a check does: past the limit, all of it is stopped and the
// learner is told how much it used and how fast it grew.
import { mkdirSync, rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { newMarker, runningWith } from '../helpers/marked-run.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const marker = newMarker();
afterAll(() => rmSync(marker, { recursive: true, force: true }));

it('run stops a program past 512 MB of memory, says so, exits 1 and leaves nothing running', async () => {
  mkdirSync(marker);
  const result = await runCli(['run', '1', fixture('engine', 'allocates-without-end.js')], { cwd: repoRoot, env: { NO_COLOR: '1', TMPDIR: marker } });
  expect(result.exitCode).toBe(1);
  expect(result.stderr.split('\n').at(-1)).toMatch(/^\(the program used more than 512 MB of memory \(\d+ MB [\d.]+ m?s after it started, about \d+ MB a second\): stopped\)$/);
  expect(runningWith(marker)).toEqual([]);
}, 60_000);
