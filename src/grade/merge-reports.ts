import { buildReport } from './build-report.js';
import type { GradeReport } from './grade-report-schema.js';
import { compareNames } from './shard.js';

// Shard reports that cannot be one class's report: the caller's mistake (a shard missing, twice, from another run).
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

// The report one run over the whole class would have given, from the reports of its shards: every
// shard of one split exactly once, the same lessons. Durations add up (the time spent grading); the
// totals and the common mistakes are computed again from the grades.
export function mergeReports(named: readonly { file: string; report: GradeReport }[]): GradeReport {
  if (named.length === 0) throw new MergeError('name the shard reports to merge: grade merge <report.json>...');
  const first = named[0]!;
  const seen = new Map<number, string>();
  for (const { file, report } of named) {
    if (!report.shard) throw new MergeError(`${file} is the report of a whole class, not of a shard (grade --shard i/n)`);
    if (report.shard.count !== first.report.shard!.count) throw new MergeError(`${file} is shard ${report.shard.index}/${report.shard.count}, but ${first.file} is one of ${first.report.shard!.count}`);
    const twice = seen.get(report.shard.index);
    if (twice !== undefined) throw new MergeError(`${file} and ${twice} are both shard ${report.shard.index}/${report.shard.count}`);
    seen.set(report.shard.index, file);
    if (!sameLessons(report, first.report)) throw new MergeError(`${file} grades other lessons than ${first.file}`);
    if (report.fingerprint === undefined) throw new MergeError(`${file} does not say which class it grades (made by an older grade): grade its shard again`);
    if (report.fingerprint !== first.report.fingerprint) throw new MergeError(`${file} and ${first.file} grade different classes (their student folders differ): merge the shards of one class`);
    const lessonIds = report.lessons.map((lesson) => lesson.id).join(' ');
    const odd = report.students.find((student) => student.lessons.map((grade) => grade.id).join(' ') !== lessonIds);
    if (odd) throw new MergeError(`${file}: ${odd.name}'s row has ${odd.lessons.length} lesson${odd.lessons.length === 1 ? '' : 's'}, not the report's ${report.lessons.length} in order: the file was changed`);
  }
  const count = first.report.shard!.count;
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new MergeError(`shard${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${index}/${count}`).join(', ')} missing: merge the reports of all ${count} shards`);

  const students = named.flatMap(({ report }) => report.students).sort((a, b) => compareNames(a.name, b.name));
  const twice = students.find((student, index) => index > 0 && students[index - 1]!.name === student.name);
  if (twice) throw new MergeError(`${twice.name} is in more than one shard: were the shards cut from different class folders?`);
  return buildReport({
    lessons: first.report.lessons.map(({ id, name, title }) => ({ id, name, title })),
    students: students.map(({ name, lessons, copies, notes }) => ({ name, lessons, ...(copies ? { copies } : {}), ...(notes ? { notes } : {}) })),
    refused: named.flatMap(({ report }) => report.refused ?? []).sort((a, b) => compareNames(a.name, b.name)),
    fingerprint: first.report.fingerprint,
    // The same for every shard graded in the sandbox with the same options; else the first's.
    ...(first.report.sandbox ? { sandbox: first.report.sandbox } : {}),
    concurrency: first.report.concurrency,
    durationMs: named.reduce((sum, { report }) => sum + report.durationMs, 0),
  });
}

function sameLessons(a: GradeReport, b: GradeReport): boolean {
  const ids = (report: GradeReport) => report.lessons.map((lesson) => `${lesson.id} ${lesson.name}`).join('\n');
  return ids(a) === ids(b);
}
