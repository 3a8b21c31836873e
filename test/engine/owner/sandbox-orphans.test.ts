// Grading's sandbox ends every process that left the verifier's tree; nowhere else may the workshop do that.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimSandboxNamespace, endSandboxOrphans, sandboxOrphans } from '../../../src/engine/owner/sandbox-orphans.js';
import { isLive } from '../../../src/engine/proc/process-table.js';
import { fixture, repoRoot } from '../../helpers/paths.js';

// The module itself, through tsx (the build bundles it).
const source = path.join(repoRoot, 'src', 'engine', 'owner', 'sandbox-orphans.ts');

// Inside a pid namespace of bubblewrap's: a child of its own, a daemon handed to init by a middleman that
// exits, then the sweep. Prints what it saw.
const insideSandbox = `
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
const { claimSandboxNamespace, endSandboxOrphans, sandboxOrphans } = await import(${JSON.stringify(source)});
const hangs = ${JSON.stringify(fixture('engine', 'hangs.js'))};
const child = spawn(process.execPath, [hangs], { stdio: 'ignore' });
const middleman = spawn(process.execPath, ['-e', \`require('node:child_process').spawn(process.execPath, [\${JSON.stringify(hangs)}], { detached: true, stdio: 'ignore', env: {} }).unref()\`], { stdio: 'ignore' });
await new Promise((resolve) => middleman.once('exit', resolve));
const ppidOf = (pid) => Number(readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ')[1]);
const before = sandboxOrphans().length;
const claimed = claimSandboxNamespace();
const orphans = sandboxOrphans();
const orphanParents = orphans.map(ppidOf);
const killed = await endSandboxOrphans();
const childAlive = ppidOf(child.pid) === process.pid;
child.kill('SIGKILL');
console.log(JSON.stringify({ before, claimed, orphanParents, killed, left: sandboxOrphans().length, childAlive }));
`;

describe('sandbox orphans', () => {
  const started: number[] = [];
  afterAll(() => {
    for (const pid of started) if (isLive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('are never claimed outside a sandbox: nothing is listed, nothing is killed', async () => {
    const bystander = spawn(process.execPath, [fixture('engine', 'hangs.js')], { detached: true, stdio: 'ignore' });
    started.push(bystander.pid!);
    expect(claimSandboxNamespace()).toBe(false);
    expect(sandboxOrphans()).toEqual([]);
    expect(await endSandboxOrphans()).toBe(0);
    expect(isLive(bystander.pid!)).toBe(true);
  });

  it("inside bubblewrap's pid namespace: a daemon handed to init is found and ended; the verifier's own child is left", () => {
    const output = execFileSync('bwrap', ['--unshare-pid', '--unshare-user-try', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', insideSandbox], { encoding: 'utf8', cwd: repoRoot });
    expect(JSON.parse(output)).toEqual({ before: 0, claimed: true, orphanParents: [1], killed: 1, left: 0, childAlive: true });
  });
});
