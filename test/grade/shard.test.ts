import { describe, expect, it } from 'vitest';
import { parseShard, splitIntoShards } from '../../src/grade/shard.js';

describe('parseShard', () => {
  it('reads i/n, 1-based, as Playwright and Jest do', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(parseShard('3/3')).toEqual({ index: 3, count: 3 });
    expect(parseShard(' 2 / 5 ')).toEqual({ index: 2, count: 5 });
  });

  it.each(['0/3', '4/3', '1/0', '1', '1/3/4', 'a/b', '-1/3', '1.5/3', ''])('refuses %j', (value) => {
    expect(parseShard(value)).toBeUndefined();
  });
});

describe('splitIntoShards', () => {
  // 23 students with 0 to 13 files each, in name order.
  const students = Array.from({ length: 23 }, (_, index) => ({ name: `s${String(index).padStart(2, '0')}`, files: (index * 5) % 14 }));
  const files = (student: { files: number }) => student.files;

  it.each([1, 2, 3, 4, 7, 23, 30])('cuts the class into %i disjoint shards that together are the whole class, each in class order', (count) => {
    const shards = splitIntoShards(students, files, count);
    expect(shards).toHaveLength(count);
    const all = shards.flat();
    expect(all.map((student) => student.name).sort()).toEqual(students.map((student) => student.name));
    for (const shard of shards) expect(shard.map((student) => student.name)).toEqual([...shard.map((student) => student.name)].sort());
  });

  it('balances the shards by files to verify: no shard has more than one student\'s worth of files over another', () => {
    for (const count of [2, 3, 4, 5]) {
      const totals = splitIntoShards(students, files, count).map((shard) => shard.reduce((sum, student) => sum + student.files, 0));
      expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(Math.max(...students.map(files)));
    }
  });

  it('gives shards the same number of students when every student has as many files', () => {
    const even = Array.from({ length: 10 }, (_, index) => ({ name: `e${index}`, files: 13 }));
    expect(splitIntoShards(even, files, 3).map((shard) => shard.length)).toEqual([4, 3, 3]);
  });

  it('is deterministic: the same class gives the same split, whatever order the students come in', () => {
    const again = splitIntoShards([...students].reverse(), files, 3).map((shard) => shard.map((student) => student.name).sort());
    expect(again).toEqual(splitIntoShards(students, files, 3).map((shard) => shard.map((student) => student.name)));
  });
});
