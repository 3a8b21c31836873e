import path from 'node:path';
import { crashLine, markdownCell, type Annotation } from '../cli/github-actions.js';
import { printable } from '../terminal/printable.js';
import { printableReport } from './format-grade-table.js';
import type { GradeReport, GradeStatus } from './grade-report-schema.js';

const marks: Record<GradeStatus, string> = { passed: '✅', failed: '❌', missing: '·', needs: '❔', 'timed out': '⏱️', tampered: '🚫', error: '⚠️' };

// An annotation per failed lesson (and per lesson the workshop could not run), on the student's file
// when the class folder is known (not for merged shards), at the line of the crash when it crashed.
export function gradeAnnotations(report: GradeReport, classDir?: string): Annotation[] {
  return report.students.flatMap((student) =>
    student.lessons.flatMap((grade): Annotation[] => {
      if (grade.status === 'passed' || grade.status === 'missing' || grade.status === 'needs') return [];
      const file = grade.file === undefined || classDir === undefined ? undefined : path.join(classDir, student.name, grade.file);
      const line = grade.file === undefined ? undefined : crashLine(grade.message, grade.file);
      const title =
        grade.status === 'failed' ? `${student.name} ${grade.id} · ${grade.step}` : grade.status === 'error' ? `${student.name} ${grade.id}: the workshop could not run it` : `${student.name} ${grade.id}: ${grade.status}`;
      return [{ title: printable(title), message: printable(grade.message), ...(file ? { file } : {}), ...(line ? { line } : {}) }];
    }),
  );
}

// The grades as markdown for the job's summary page: the table, then the common mistakes.
export function gradeSummary(unsafe: GradeReport): string {
  const report = printableReport(unsafe);
  const classTotal = report.students.length * report.lessons.length;
  const classPassed = report.students.reduce((sum, student) => sum + student.passed, 0);
  const lines = [`## Grades: ${classPassed}/${classTotal} lessons passed${report.shard ? ` (shard ${report.shard.index}/${report.shard.count})` : ''}`, ''];
  lines.push(`| student | ${report.lessons.map((lesson) => lesson.id.replace('lesson-', '')).join(' | ')} | passed |`);
  lines.push(`|---|${report.lessons.map(() => ':-:').join('|')}|--:|`);
  for (const student of report.students) {
    lines.push(`| ${markdownCell(student.name)} | ${student.lessons.map((grade) => marks[grade.status]).join(' | ')} | ${student.passed}/${report.lessons.length} |`);
  }
  lines.push(`| **passed** | ${report.lessons.map((lesson) => `**${lesson.passed}**`).join(' | ')} | **${classPassed}/${classTotal}** |`);
  if (report.failures.length > 0) {
    lines.push('', '### Common mistakes', '', '| lesson | step | students | message |', '|---|---|--:|---|');
    for (const group of report.failures) {
      lines.push(`| ${group.lesson} | ${markdownCell(group.step)} | ${group.students.length}: ${markdownCell(group.students.join(', '))} | ${markdownCell(group.message)} |`);
    }
  }
  return lines.join('\n');
}
