import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import { solutionsFolder } from './verify-in-sandbox.js';

// JavaScript without its comments and whitespace: two files that differ only in those read the same.
// Strings and template literals are kept (a // inside one is not a comment); a regular expression
// literal holding // is rare enough in a lesson file, and is cut the same way in both files compared.
export function normalizedSource(source: string): string {
  let out = '';
  for (let at = 0; at < source.length; at++) {
    const char = source[at]!;
    const next = source[at + 1];
    if (char === '/' && next === '/') {
      while (at < source.length && source[at] !== '\n') at++;
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', at + 2);
      at = end === -1 ? source.length : end + 1;
    } else if (char === '"' || char === "'" || char === '`') {
      let end = at + 1;
      while (end < source.length && source[end] !== char) end += source[end] === '\\' ? 2 : 1;
      out += source.slice(at, end + 1);
      at = end;
    } else if (!/\s/.test(char)) {
      out += char;
    }
  }
  return out;
}

// The lessons whose handed-in file is the shipped reference solution, whitespace and comments aside.
export class SolutionCopies {
  #solutions = new Map<string, string | undefined>();

  /** Whether `content` (a student's file for `lesson`) is a copy of the lesson's reference solution. */
  isCopy(lesson: LessonFolder, content: Buffer): boolean {
    if (!this.#solutions.has(lesson.id)) this.#solutions.set(lesson.id, readSolution(lesson));
    const solution = this.#solutions.get(lesson.id);
    return solution !== undefined && normalizedSource(content.toString('utf8')) === solution;
  }
}

function readSolution(lesson: LessonFolder): string | undefined {
  try {
    return normalizedSource(readFileSync(path.join(solutionsFolder, `${lesson.name}.js`), 'utf8'));
  } catch {
    return undefined;
  }
}
