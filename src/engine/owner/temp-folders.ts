import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ownerTag } from './owner.js';

const live = new Set<string>();
let exitHookInstalled = false;

// A fresh folder for one run (a graded program, a private Redis); removed by removeTempFolder, or at the latest
// when the process exits. Its name carries its owner (see ownerTag), so a workshop that was killed before it
// could remove it has it removed by the next one (see sweepOrphans).
export function makeTempFolder(root: string, prefix = 'snw-grade-'): string {
  const dir = mkdtempSync(path.join(root, `${prefix}${ownerTag()}_`));
  live.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', removeAllTempFoldersNow);
  }
  return dir;
}

/** Why the temporary folder (TMPDIR's, or the system's) cannot hold run folders; undefined when it can. */
export function tempRootProblem(root = tmpdir()): string | undefined {
  try {
    accessSync(root, constants.W_OK | constants.X_OK);
    if (statSync(root).isDirectory()) return undefined;
  } catch {
    // Not there, or not ours to write in.
  }
  return `the temporary folder ${root} does not exist or cannot be written: set TMPDIR to a folder that can`;
}

// Removes a run's folder and all that was left in it.
export async function removeTempFolder(dir: string): Promise<void> {
  // node:fs/promises when a folder is removed: loaded with the engine, it costs every verification 1 ms.
  const { rm } = process.getBuiltinModule('node:fs/promises');
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  live.delete(dir);
}

// Removes every run folder at once, synchronously: for an interrupted or exiting process.
export function removeAllTempFoldersNow(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort on the way out: the OS cleans its temporary folder eventually.
    }
  }
  live.clear();
}

// The run folders not yet removed (for tests).
export function liveTempFolders(): string[] {
  return [...live];
}
