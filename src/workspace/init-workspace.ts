import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { LessonError } from '../lessons/lesson-error.js';
import { listLessonFolders, type LessonFolder } from '../lessons/lesson-folders.js';
import { loadLesson } from '../lessons/load-lesson.js';
import { LESSON_TEXT_EXTENSION, lessonDocument } from './lesson-document.js';
import { findLearnerFile } from './learner-file.js';
import { lessonPaths } from '../lessons/course-layout.js';
import { WORKSPACE_MARKER } from './workspace-paths.js';

/** Packages the learner's programs import (lesson 14's Redis client, lesson 15's PostgreSQL client), installed in the workspace by `npm install`. */
export const WORKSPACE_PACKAGES = ['redis', 'pg'] as const;

// What `init` did: the workspace folder, the starter files and lesson texts it wrote and the files it left
// alone, and the packages the learner still has to install (all of them in a new package.json; those a kept
// one lacks).
export interface InitReport {
  workspace: string;
  /** package.json and the starter files written. */
  created: string[];
  /** The lesson texts written (01-hello.md beside 01-hello.js). */
  texts: string[];
  /** package.json and the lesson files that were there already. */
  kept: string[];
  /** The lesson texts that were there already (possibly the learner's notes: left as they are). */
  keptTexts: string[];
  /** In a new package.json: the dependencies it lists, for `npm install`. */
  listed: string[];
  /** A kept package.json that lacks them: for `npm install <name>`. */
  unlisted: string[];
}

// Creates a workspace with one starter file and one lesson text per lesson; an existing file is never overwritten.
export function initWorkspace(dir: string): InitReport {
  const workspace = path.resolve(dir);
  mkdirSync(path.join(workspace, WORKSPACE_MARKER), { recursive: true });
  const report: InitReport = { workspace, created: [], texts: [], kept: [], keptTexts: [], listed: [], unlisted: [] };
  writeModulePackage(workspace, report);
  for (const lesson of listLessonFolders()) {
    writeLessonText(workspace, lesson, report);
    const existing = findLearnerFile(workspace, lesson);
    if (!('missing' in existing)) {
      report.kept.push('file' in existing ? path.basename(existing.file) : existing.ambiguous.join(', '));
      continue;
    }
    const target = path.join(workspace, `${lesson.name}.js`);
    if (existsSync(target)) {
      report.kept.push(path.basename(target));
      continue;
    }
    const { starter } = lessonPaths(lesson);
    if (!existsSync(starter)) throw new LessonError(`${lesson.id} (lessons/${lesson.name})`, 'starter.js is missing');
    // COPYFILE_EXCL: even a file created a moment ago by someone else is not overwritten.
    copyFileSync(starter, target, 1);
    report.created.push(path.basename(target));
  }
  return report;
}

// The lesson's text beside its starter, so the starter's "the lesson text has the details" holds without the UI.
function writeLessonText(workspace: string, folder: LessonFolder, report: InitReport): void {
  const name = `${folder.name}${LESSON_TEXT_EXTENSION}`;
  try {
    writeFileSync(path.join(workspace, name), lessonDocument(loadLesson(folder)), { flag: 'wx' });
    report.texts.push(name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    report.keptTexts.push(name);
  }
}

// A package.json with "type": "module": the starters use `import`, and without it node warns on
// stderr about a typeless package.json found higher up, which the stdio lessons would count as output.
// It lists the packages the programs import, in the versions the workshop itself is tested with.
function writeModulePackage(workspace: string, report: InitReport): void {
  const file = path.join(workspace, 'package.json');
  const ours = readDependencies(path.join(packageRoot, 'package.json'));
  const dependencies = Object.fromEntries(WORKSPACE_PACKAGES.map((name) => [name, ours[name] ?? 'latest']));
  try {
    writeFileSync(file, `${JSON.stringify({ private: true, type: 'module', dependencies }, null, 2)}\n`, { flag: 'wx' });
    report.created.push('package.json');
    report.listed.push(...WORKSPACE_PACKAGES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    report.kept.push('package.json');
    const theirs = readDependencies(file);
    report.unlisted.push(...WORKSPACE_PACKAGES.filter((name) => theirs[name] === undefined));
  }
}

// The dependencies a package.json lists (none when it cannot be read: a kept file is the learner's to fix).
function readDependencies(file: string): Record<string, string> {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: unknown };
    return typeof data.dependencies === 'object' && data.dependencies !== null ? (data.dependencies as Record<string, string>) : {};
  } catch {
    return {};
  }
}
