import { lstatSync, readdirSync, readlinkSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { isFolder, isInside } from './find-students.js';

/** More entries than this in a student's node_modules are not looked through: the workshop's packages serve. */
const PACKAGE_ENTRIES_CAP = 50_000;

// The node_modules folders node searches from the workshop's own files, nearest first: its own, then
// those above it (an installed workshop's dependencies are hoisted into the project's node_modules).
export function workshopModuleFolders(): string[] {
  const folders: string[] = [];
  for (let dir = packageRoot; ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    if (isFolder(modules)) folders.push(modules);
    if (path.dirname(dir) === dir) return folders;
  }
}

// The packages a student's programs import from: their own node_modules when it is a real folder in their
// folder with nothing in it linking out of that folder (a link to `..` or `/` would show the class or the
// machine), else the workshop's, with why their own was not used.
export function studentPackages(studentDir: string): { folder: string | undefined; note?: string } {
  const own = path.join(studentDir, 'node_modules');
  const workshop = workshopModuleFolders()[0];
  let stats;
  try {
    stats = lstatSync(own);
  } catch {
    return { folder: workshop };
  }
  const refused = (why: string) => ({ folder: workshop, note: `their node_modules ${why}, so the workshop's packages were used` });
  if (stats.isSymbolicLink()) return refused('is a symbolic link');
  if (!stats.isDirectory()) return refused('is not a folder');
  const linkOut = findLinkOut(own, realpathSync(studentDir));
  return linkOut ? refused(linkOut) : { folder: own };
}

// The first link in `folder` that leads out of `within` (or out of reach), or why the folder was not looked through.
function findLinkOut(folder: string, within: string): string | undefined {
  const pending = [folder];
  let seen = 0;
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return `has a folder that cannot be read (${path.relative(folder, dir)})`;
    }
    for (const entry of entries) {
      if (++seen > PACKAGE_ENTRIES_CAP) return `holds more than ${PACKAGE_ENTRIES_CAP} entries`;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(file);
      else if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(file);
        } catch {
          target = path.resolve(dir, readlinkSync(file));
        }
        if (!isInside(target, within)) return `has a link out of their folder (${path.relative(folder, file)})`;
      }
    }
  }
  return undefined;
}

// Makes the packages a student's program imports (`redis`, say) resolve from the run's scratch folder:
// a node_modules link to `folder` (see studentPackages). A link, because ES modules ignore NODE_PATH.
export function linkPackages(scratchDir: string, folder: string | undefined): void {
  if (folder !== undefined) symlinkSync(folder, path.join(scratchDir, 'node_modules'), 'dir');
}
