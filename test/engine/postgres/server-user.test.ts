import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../../src/engine/find-executable.js';
import { serverLauncher } from '../../../src/engine/postgres/server-user.js';
import { repoRoot } from '../../helpers/paths.js';

const setpriv = findExecutable('setpriv') ?? findExecutable('setpriv', '/usr/bin:/bin');
const isRoot = process.getuid?.() === 0;

describe.skipIf(process.platform !== 'linux' || !setpriv)("how PostgreSQL's programs are started", () => {
  it("as the workshop's own user, with a parent-death signal, by a normal user", () => {
    const launcher = serverLauncher(1000);
    expect(launcher.owner).toBeUndefined();
    expect(launcher.command('/usr/lib/postgresql/17/bin/postgres', ['-D', 'data'])).toEqual({ file: setpriv, args: ['--pdeathsig', 'QUIT', '--', '/usr/lib/postgresql/17/bin/postgres', '-D', 'data'] });
  });

  it.skipIf(!isRoot)('as nobody, in folders given to nobody, by root', () => {
    const launcher = serverLauncher(0);
    expect(launcher.owner).toEqual({ uid: 65534, gid: 65534 });
    expect(launcher.command('/usr/bin/initdb', ['-D', 'data']).args).toEqual(['--reuid', '65534', '--regid', '65534', '--clear-groups', '--pdeathsig', 'QUIT', '--', '/usr/bin/initdb', '-D', 'data']);
  });

  it.skipIf(!isRoot || !findExecutable('bwrap'))("not at all by a root without capabilities (grading's sandbox), saying why", () => {
    const script = `import('./src/engine/postgres/server-user.ts').then(({ serverLauncher }) => { try { serverLauncher(); console.log('started'); } catch (error) { console.log(error.name + ': ' + error.message); } })`;
    const output = execFileSync('bwrap', ['--unshare-all', '--die-with-parent', '--cap-drop', 'ALL', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--chdir', repoRoot, '--', process.execPath, '--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(output.trim()).toBe('ServerUserError: PostgreSQL refuses to run as root, and this root lacks the capabilities to run it as the user nobody (a sandbox that dropped them)');
  });
});
