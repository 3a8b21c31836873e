import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonCount } from '../helpers/course.js';
import { repoRoot } from '../helpers/paths.js';

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

describe('README', () => {
  it('says how many lessons the course has, as its lesson folders do', () => {
    const intro = readFileSync(path.join(repoRoot, 'README.md'), 'utf8').split('\n\n').slice(0, 2).join('\n');
    const said = /\b(\w+) lessons\b/i.exec(intro)?.[1]?.toLowerCase();
    expect(said).toBe(NUMBER_WORDS[lessonCount] ?? String(lessonCount));
  });
});
