import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/grade/build-report.js';
import type { GradeReport, LessonGrade } from '../../src/grade/grade-report-schema.js';
import { mergeReports } from '../../src/grade/merge-reports.js';
import { splitIntoShards } from '../../src/grade/shard.js';
import { buildJunitXml } from '../../src/grade/write-junit.js';

const lessons = [
  { id: 'lesson-1', name: '01-hello', title: 'Hello World' },
  { id: 'lesson-6', name: '06-signals', title: 'Signals' },
];
const grades = (name: string, index: number): LessonGrade[] => [
  index % 3 === 0 ? { id: 'lesson-1', status: 'passed', file: '01-hello.js', durationMs: 10 } : { id: 'lesson-1', status: 'failed', step: 'prints "Hello World"', message: `Line 1 of stdout is "${name}"`, file: '01-hello.js', durationMs: 10 },
  index % 4 === 0 ? { id: 'lesson-6', status: 'missing', message: 'no file 06-signals.js' } : { id: 'lesson-6', status: 'failed', step: 'SIGHUP #2', message: `No line "count = ${index}"`, file: '06-signals.js', durationMs: 20 },
];
const students = Array.from({ length: 11 }, (_, index) => ({ name: `student-${String.fromCharCode(97 + index)}`, lessons: grades(`student-${index}`, index) }));
const whole = buildReport({ lessons, students, fingerprint: 'class-a', concurrency: 2, durationMs: 300 });

// The shards one run of --shard i/3 gives, each with a third of the time.
function shardReports(count: number): { file: string; report: GradeReport }[] {
  return splitIntoShards(students, (student) => student.lessons.filter((grade) => grade.status !== 'missing').length, count).map((part, index) => ({
    file: `shard-${index + 1}.json`,
    report: buildReport({ lessons, students: part, fingerprint: 'class-a', shard: { index: index + 1, count }, concurrency: 2, durationMs: 100 }),
  }));
}

describe('mergeReports', () => {
  it('gives the report of one run over the whole class, in any order of the shards, in JSON and in JUnit', () => {
    const merged = mergeReports(shardReports(3).reverse());
    expect(merged).toEqual(whole);
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
    expect(buildJunitXml(merged)).toBe(buildJunitXml(whole));
  });

  it('merges a single shard of one', () => {
    expect(mergeReports(shardReports(1))).toEqual({ ...whole, durationMs: 100 });
  });

  it.each([
    ['a shard is missing', () => shardReports(3).slice(0, 2), 'shard 3/3 missing: merge the reports of all 3 shards'],
    ['a shard is given twice', () => [...shardReports(3), { ...shardReports(3)[1]!, file: 'again.json' }], 'again.json and shard-2.json are both shard 2/3'],
    ['shards of different splits', () => [...shardReports(2).slice(0, 1), ...shardReports(3).slice(1)], 'shard-2.json is shard 2/3, but shard-1.json is one of 2'],
    ['a whole-class report', () => [{ file: 'whole.json', report: whole }], 'whole.json is the report of a whole class, not of a shard (grade --shard i/n)'],
    ['other lessons', () => shardReports(2).map((entry, index) => (index === 1 ? { ...entry, report: { ...entry.report, lessons: entry.report.lessons.slice(0, 1) } } : entry)), 'shard-2.json grades other lessons than shard-1.json'],
    ['a student in two shards', () => shardReports(2).map((entry, index) => (index === 1 ? { ...entry, report: { ...entry.report, students: [...entry.report.students, shardReports(2)[0]!.report.students[0]!] } } : entry)), /^student-\w is in more than one shard/],
    ['nothing', () => [], 'name the shard reports to merge: grade merge <report.json>...'],
    ['shards of different classes', () => shardReports(2).map((entry, index) => (index === 1 ? { ...entry, report: { ...entry.report, fingerprint: 'class-b' } } : entry)), 'shard-2.json and shard-1.json grade different classes (their student folders differ): merge the shards of one class'],
    ['a shard without a fingerprint', () => shardReports(2).map((entry, index) => (index === 1 ? { ...entry, report: { ...entry.report, fingerprint: undefined } } : entry)), 'shard-2.json does not say which class it grades (made by an older grade): grade its shard again'],
    [
      'a row with fewer lessons than the table',
      () => shardReports(2).map((entry, index) => (index === 1 ? { ...entry, report: { ...entry.report, students: [{ ...entry.report.students[0]!, lessons: entry.report.students[0]!.lessons.slice(0, 1) }, ...entry.report.students.slice(1)] } } : entry)),
      /^shard-2\.json: student-\w's row has 1 lesson, not the report's 2 in order: the file was changed$/,
    ],
  ])('refuses when %s, saying what is wrong', (_case, reports, message) => {
    expect(() => mergeReports(reports())).toThrow(message);
  });
});
