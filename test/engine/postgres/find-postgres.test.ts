import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPostgres } from '../../../src/engine/postgres/find-postgres.js';
import { templateKey } from '../../../src/engine/postgres/postgres-template.js';

const root = mkdtempSync(path.join(tmpdir(), 'snw-test-find-postgres-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A folder with executables of these names.
function binFolder(dir: string, names: string[]): string {
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    writeFileSync(path.join(dir, name), '#!/bin/sh\n');
    chmodSync(path.join(dir, name), 0o755);
  }
  return dir;
}

// Debian's layout under a folder of the test's own: <parent>/<major>/bin.
const debianLike = (parent: string) => [{ parent, pattern: /^(\d+)$/, bin: (name: string) => path.join(parent, name, 'bin') }];

describe('findPostgres', () => {
  it('takes initdb and postgres from PATH first (Homebrew)', () => {
    const brew = binFolder(path.join(root, 'brew', 'bin'), ['initdb', 'postgres', 'psql']);
    const debian = path.join(root, 'debian-a');
    binFolder(path.join(debian, '16', 'bin'), ['initdb', 'postgres']);
    expect(findPostgres({ PATH: `/nonexistent:${brew}` }, debianLike(debian))).toEqual({ bindir: brew, initdb: path.join(brew, 'initdb'), postgres: path.join(brew, 'postgres') });
  });

  it("finds the newest major version where packages put it, off PATH (Debian's /usr/lib/postgresql/<major>/bin)", () => {
    const debian = path.join(root, 'debian-b');
    binFolder(path.join(debian, '9', 'bin'), ['initdb', 'postgres']);
    binFolder(path.join(debian, '13', 'bin'), ['initdb', 'postgres']);
    // Only the client of 17 is installed (postgresql-client-17): no server there.
    binFolder(path.join(debian, '17', 'bin'), ['psql']);
    binFolder(path.join(debian, 'not-a-version', 'bin'), ['initdb', 'postgres']);
    expect(findPostgres({ PATH: '/nonexistent' }, debianLike(debian))?.bindir).toBe(path.join(debian, '13', 'bin'));
  });

  it('wants both programs from one folder: a postgres on PATH without its initdb is passed over', () => {
    const lone = binFolder(path.join(root, 'lone', 'bin'), ['postgres']);
    const debian = path.join(root, 'debian-c');
    binFolder(path.join(debian, '15', 'bin'), ['initdb', 'postgres']);
    expect(findPostgres({ PATH: lone }, debianLike(debian))?.bindir).toBe(path.join(debian, '15', 'bin'));
  });

  it('finds nothing where neither has them', () => {
    expect(findPostgres({ PATH: '/nonexistent' }, debianLike(path.join(root, 'missing')))).toBeUndefined();
    expect(findPostgres({ PATH: '/nonexistent' }, [])).toBeUndefined();
  });
});

describe('the template of a set of binaries', () => {
  it('is another once either binary changes (an upgraded package)', () => {
    const bindir = binFolder(path.join(root, 'key', 'bin'), ['initdb', 'postgres']);
    const binaries = { bindir, initdb: path.join(bindir, 'initdb'), postgres: path.join(bindir, 'postgres') };
    const first = templateKey(binaries);
    expect(templateKey(binaries)).toBe(first);
    utimesSync(binaries.postgres, new Date(2030, 0, 1), new Date(2030, 0, 1));
    const second = templateKey(binaries);
    expect(second).not.toBe(first);
    writeFileSync(binaries.initdb, '#!/bin/sh\n# a newer initdb\n');
    expect(templateKey(binaries)).not.toBe(second);
  });
});
