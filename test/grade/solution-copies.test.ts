import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizedSource, SolutionCopies } from '../../src/grade/solution-copies.js';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { repoRoot } from '../helpers/paths.js';

const lesson = listLessonFolders().find((folder) => folder.number === 6)!;
const solution = readFileSync(path.join(repoRoot, 'solutions', `${lesson.name}.js`), 'utf8');

describe('normalizedSource', () => {
  it('drops comments and whitespace, and keeps strings whole, comment-like text included', () => {
    expect(normalizedSource("// say it\nconst url = 'http://x/*y*/';  /* block */\nconsole.log( `a // b` , \"c\" );\n")).toBe("consturl='http://x/*y*/';console.log(`a // b`,\"c\");");
  });
});

describe('SolutionCopies', () => {
  const copies = new SolutionCopies();

  it("flags the shipped reference solution, re-indented, with its comments changed", () => {
    const disguised = `/* my own work */\n${solution.replace(/\/\/[^\n]*/g, '// mine').replace(/\n/g, '\n\n').replace(/ {2}/g, '\t')}`;
    expect(copies.isCopy(lesson, Buffer.from(solution))).toBe(true);
    expect(copies.isCopy(lesson, Buffer.from(disguised))).toBe(true);
  });

  it('does not flag a program that differs in code', () => {
    expect(copies.isCopy(lesson, Buffer.from(solution.replace('stopping', 'Stopping')))).toBe(false);
    expect(copies.isCopy(lesson, Buffer.from("console.log('Hello World');\n"))).toBe(false);
  });
});
