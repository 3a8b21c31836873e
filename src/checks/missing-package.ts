import path from 'node:path';
import { quote } from './excerpt.js';
import type { FailureDetails } from './step-failure.js';

// The package node could not find, from what it printed ("Cannot find package 'redis' imported from …",
// "Cannot find module 'ioredis'"); undefined for a relative file or no such error.
export function missingPackage(stderr: string): string | undefined {
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(stderr)?.[1];
  if (!name || name.startsWith('.') || path.isAbsolute(name) || name.startsWith('node:')) return undefined;
  const parts = name.split('/');
  return name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

// The failure of a program that cannot find its package: the exact command to run in the learner's folder.
export function missingPackageFailure(name: string, file: string): FailureDetails {
  const folder = path.dirname(file);
  const command = `cd ${quoteForShell(folder)} && npm install ${name}`;
  return {
    message: `Your program cannot find the package ${quote(name)}: it is not installed in ${folder} or a folder above it.`,
    expected: `the package ${quote(name)} installed next to ${path.basename(file)}`,
    actual: `Cannot find package ${quote(name)}`,
    hint: `Install it where your file is: ${command}`,
  };
}

// A folder as typed in a shell: quoted only when it has to be.
function quoteForShell(folder: string): string {
  return /^[\w@%+=:,./-]+$/.test(folder) ? folder : `'${folder.replace(/'/g, `'\\''`)}'`;
}
