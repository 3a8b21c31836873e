// Grading's sandbox ends every process that left the verifier's tree; nowhere else may the workshop do that.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimSandboxNamespace, endSandboxOrphans, freeSandboxPort, sandboxOrphans } from '../../../src/engine/owner/sandbox-orphans.js';
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
const listen = (port) => spawn(process.execPath, ['-e', \`require('node:net').createServer().listen(\${port}, () => console.log('listening'))\`], { stdio: ['ignore', 'pipe', 'ignore'] });
const listening = (server) => new Promise((resolve) => server.stdout.once('data', resolve));
const onPort8000 = listen(8000);
const onPort8001 = listen(8001);
await Promise.all([listening(onPort8000), listening(onPort8001)]);
const middleman = spawn(process.execPath, ['-e', \`require('node:child_process').spawn(process.execPath, [\${JSON.stringify(hangs)}], { detached: true, stdio: 'ignore', env: {} }).unref()\`], { stdio: 'ignore' });
await new Promise((resolve) => middleman.once('exit', resolve));
const ppidOf = (pid) => Number(readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ')[1]);
const before = sandboxOrphans().length;
const claimed = claimSandboxNamespace();
const orphans = sandboxOrphans();
const orphanParents = orphans.map(ppidOf);
const killed = await endSandboxOrphans();
const childAlive = ppidOf(child.pid) === process.pid;
const { freeSandboxPort } = await import(${JSON.stringify(source)});
await freeSandboxPort(8000);
const alive = (pid) => { try { process.kill(pid, 0); return readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1][0] !== 'Z'; } catch { return false; } };
const port8000Freed = !alive(onPort8000.pid) && alive(onPort8001.pid);
for (const started of [child, onPort8001]) started.kill('SIGKILL');
console.log(JSON.stringify({ before, claimed, orphanParents, killed, left: sandboxOrphans().length, childAlive, port8000Freed }));
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
    await freeSandboxPort(8000);
    expect(isLive(bystander.pid!)).toBe(true);
  });

  it("inside bubblewrap's pid namespace: a daemon handed to init is found and ended, the verifier's own child is left, and port 8000 is freed of its listener alone", () => {
    const output = execFileSync('bwrap', ['--unshare-pid', '--unshare-net', '--unshare-user-try', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', insideSandbox], { encoding: 'utf8', cwd: repoRoot });
    expect(JSON.parse(output)).toEqual({ before: 0, claimed: true, orphanParents: [1], killed: 1, left: 0, childAlive: true, port8000Freed: true });
  });
});
