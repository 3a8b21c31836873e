import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLessonFolders } from '../../src/lessons/lesson-folders.js';
import { expectPass } from '../helpers/expect-failure.js';
import { repoRoot } from '../helpers/paths.js';
import { verifyFile } from '../helpers/verify-file.js';

// lessons/CONTRACT.md: one "## Lesson N: title" section per lesson, a table of each rule its text states
// and the steps (their titles in backticks, "…" standing for what a title says of this machine) that try it.
const contract = readFileSync(path.join(repoRoot, 'lessons', 'CONTRACT.md'), 'utf8');

function section(number: number): { title: string; steps: string[] } | undefined {
  const match = new RegExp(`^## Lesson ${number}: (.+)$([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(contract);
  if (!match) return undefined;
  const rows = match[2]!.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Rule the text states'));
  const steps = rows.flatMap((row) => [...(row.split('|')[2] ?? '').matchAll(/`([^`]+)`/g)].map((found) => found[1]!));
  return { title: match[1]!, steps };
}

// A cited title as a test of real titles: "…" stands for anything.
const titleTest = (cited: string) => new RegExp(`^${cited.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);

// Every lesson is held to the contract (its reference solution runs here).
const lessons = listLessonFolders().map((folder) => folder.number);
/** A whole reference run, beside the others: a lesson whose program computes for seconds (worker threads) takes its time. */
const REFERENCE_RUN_MS = 180_000;

describe.concurrent('the course contract (lessons/CONTRACT.md)', () => {
  it.each(lessons)("lesson %i: its section has the lesson's title, and cites exactly the steps its check runs", { timeout: REFERENCE_RUN_MS }, async (number) => {
    const folder = listLessonFolders().find((candidate) => candidate.number === number)!;
    const cited = section(number);
    expect(cited, `a "## Lesson ${number}: …" section`).toBeDefined();
    expect(`# ${cited!.title}`).toBe(readFileSync(path.join(folder.dir, 'README.md'), 'utf8').split('\n')[0]);
    const result = await verifyFile(folder.id, path.join(repoRoot, 'solutions', `${folder.name}.js`));
    expectPass(result);
    const titles = result.steps.filter((step) => !step.notChecked).map((step) => step.title);
    for (const step of cited!.steps) expect(titles.some((title) => titleTest(step).test(title)), `a step titled ${step}`).toBe(true);
    for (const title of titles) expect(cited!.steps.some((step) => titleTest(step).test(title)), `the contract cites ${title}`).toBe(true);
  });
});
