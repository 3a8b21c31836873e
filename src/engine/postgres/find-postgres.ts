import { readdirSync } from 'node:fs';
import path from 'node:path';
import { findExecutable } from '../find-executable.js';

// The two programs of a PostgreSQL installation the workshop uses, from one folder (one version).
export interface PostgresBinaries {
  /** The folder both are in: /usr/lib/postgresql/17/bin, /opt/homebrew/bin, … */
  bindir: string;
  initdb: string;
  postgres: string;
}

// Where packages put PostgreSQL's server programs off PATH, each folder holding one major version's bin/:
// Debian and Ubuntu (postgresql-17), RHEL and Fedora's PGDG packages (/usr/pgsql-17), Homebrew's
// versioned formulae (postgresql@17, keg-only, so not linked onto PATH).
const versionedFolders: { parent: string; pattern: RegExp; bin: (name: string) => string }[] = [
  { parent: '/usr/lib/postgresql', pattern: /^(\d+)$/, bin: (name) => path.join('/usr/lib/postgresql', name, 'bin') },
  { parent: '/usr', pattern: /^pgsql-(\d+)$/, bin: (name) => path.join('/usr', name, 'bin') },
  { parent: '/opt/homebrew/opt', pattern: /^postgresql@(\d+)$/, bin: (name) => path.join('/opt/homebrew/opt', name, 'bin') },
  { parent: '/usr/local/opt', pattern: /^postgresql@(\d+)$/, bin: (name) => path.join('/usr/local/opt', name, 'bin') },
];

// initdb and postgres of one installation: the pair on PATH first (Homebrew's `brew install postgresql`,
// a learner's own choice), else the newest major version in the folders packages use. Undefined when
// there is none. `roots` replaces the package folders (tests).
export function findPostgres(env: NodeJS.ProcessEnv = process.env, roots = versionedFolders): PostgresBinaries | undefined {
  const onPath = findExecutable('postgres', env.PATH);
  if (onPath) {
    const pair = pairIn(path.dirname(onPath));
    if (pair) return pair;
  }
  const candidates: { major: number; bindir: string }[] = [];
  for (const root of roots) {
    let names: string[];
    try {
      names = readdirSync(root.parent);
    } catch {
      continue;
    }
    for (const name of names) {
      const major = root.pattern.exec(name)?.[1];
      if (major !== undefined) candidates.push({ major: Number(major), bindir: root.bin(name) });
    }
  }
  for (const { bindir } of candidates.sort((a, b) => b.major - a.major)) {
    const pair = pairIn(bindir);
    if (pair) return pair;
  }
  return undefined;
}

// Both programs in one folder, or undefined: an initdb of another version would make a data folder this postgres refuses.
function pairIn(bindir: string): PostgresBinaries | undefined {
  const initdb = findExecutable('initdb', bindir);
  const postgres = findExecutable('postgres', bindir);
  return initdb && postgres ? { bindir, initdb, postgres } : undefined;
}
