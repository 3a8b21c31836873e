import type { Painter } from '../terminal/colors.js';
import { printable } from '../terminal/printable.js';
import type { GradeReport, GradeStatus } from './grade-report-schema.js';

const marks: Record<GradeStatus, string> = { passed: '✓', failed: '✗', missing: '·', needs: '?', 'timed out': '⌀', tampered: '#', error: '!' };

// The class at a glance: students as rows, lessons as columns, totals on the right and at the bottom;
// then what the workshop could not run, grouped, since those need the instructor rather than the student.
export function formatGradeTable(unsafe: GradeReport, paint: Painter): string {
  // Names, messages and steps hold what students wrote (folder names, their programs' output).
  const report = printableReport(unsafe);
  const colour: Record<GradeStatus, (text: string) => string> = { passed: paint.green, failed: paint.red, missing: paint.dim, needs: paint.cyan, 'timed out': paint.red, tampered: paint.red, error: paint.yellow };
  const lessonCount = report.lessons.length;
  const nameWidth = Math.max('student'.length, 'passed'.length, ...report.students.map((student) => [...student.name].length));
  const cellWidth = Math.max(2, ...report.lessons.map((lesson) => String(lesson.id.replace('lesson-', '')).length)) + 1;
  const classTotal = report.students.length * lessonCount;
  const totalWidth = Math.max('passed'.length, `${classTotal}/${classTotal}`.length) + 1;
  const name = (text: string) => text + ' '.repeat(Math.max(0, nameWidth - [...text].length));
  const cell = (text: string) => text.padStart(cellWidth);

  const lines: string[] = [];
  lines.push(paint.bold(`${name('student')}${report.lessons.map((lesson) => cell(lesson.id.replace('lesson-', ''))).join('')}${'passed'.padStart(totalWidth)}`));
  for (const student of report.students) {
    const cells = student.lessons.map((grade) => colour[grade.status](cell(marks[grade.status]))).join('');
    lines.push(`${name(student.name)}${cells}${`${student.passed}/${lessonCount}`.padStart(totalWidth)}`);
  }
  const classPassed = report.students.reduce((sum, student) => sum + student.passed, 0);
  lines.push(paint.bold(`${name('passed')}${report.lessons.map((lesson) => cell(String(lesson.passed))).join('')}${`${classPassed}/${classTotal}`.padStart(totalWidth)}`));
  // The sandbox's own statuses are explained only when a student has one.
  const seen = new Set(report.students.flatMap((student) => student.lessons.map((grade) => grade.status)));
  const sandboxMarks = `${seen.has('timed out') ? `${marks['timed out']} timed out  ` : ''}${seen.has('tampered') ? `${marks.tampered} tampered (reached the verifier)  ` : ''}`;
  lines.push(paint.dim(`${marks.passed} passed  ${marks.failed} failed  ${marks.missing} missing  ${marks.needs} needs (this machine lacks Redis, say)  ${sandboxMarks}${marks.error} error (the workshop could not run it)`));

  if (report.sandbox) {
    const { limitsBy, memoryMb, processes, threads, openFiles, cpuSecondsPerLesson, diskMb } = report.sandbox;
    lines.push(paint.dim(`Sandboxed; each student's programs together: ${memoryMb} MB of memory, ${processes} processes, ${threads} threads, ${openFiles} open files, ${cpuSecondsPerLesson} s of CPU a lesson (held by ${limitsBy}), ${diskMb} MB of disk`));
  }
  if (report.refused && report.refused.length > 0) {
    lines.push('', paint.red('Not graded:'));
    for (const student of report.refused) lines.push(`  ${student.name} ${student.reason}`);
  }
  const notes = report.students.flatMap((student) => [
    ...(student.copies ? [`  ${student.name}: handed in the reference solution for ${student.copies.join(', ')} (whitespace and comments aside)`] : []),
    ...(student.notes ?? []).map((note) => `  ${student.name}: ${note}`),
  ]);
  if (notes.length > 0) lines.push('', paint.dim('Notes:'), ...notes);
  // Tampering is a student's, not a lesson's: one line each.
  const tampered = [...new Set(groupBy(report, 'tampered').map((group) => `  ${group.students.join(', ')}: ${group.message}`))];
  if (tampered.length > 0) lines.push('', paint.red('Tampered with the grading (no lesson of theirs counts):'), ...tampered);
  const timedOut = groupBy(report, 'timed out');
  if (timedOut.length > 0) {
    lines.push('', paint.red('Timed out (the sandbox was ended):'));
    for (const group of timedOut) lines.push(`  ${group.lesson} (${group.students.join(', ')}): ${group.message}`);
  }
  const needs = groupBy(report, 'needs');
  if (needs.length > 0) {
    lines.push('', paint.cyan('Not graded, this machine lacks what the lesson needs:'));
    for (const group of needs) lines.push(`  ${group.lesson} (${group.students.join(', ')}): ${group.message}`);
  }
  const errors = groupBy(report, 'error');
  if (errors.length > 0) {
    lines.push('', paint.yellow('Could not be run:'));
    for (const group of errors) lines.push(`  ${group.lesson} (${group.students.join(', ')}): ${group.message}`);
  }
  if (report.failures.length > 0) {
    lines.push('', paint.bold('Common mistakes (what to explain again):'));
    for (const group of report.failures.slice(0, SHOWN_MISTAKES)) {
      lines.push(`  ${group.lesson} · ${group.step}: ${group.students.length} student${group.students.length === 1 ? '' : 's'}: ${namesOf(group.students)}`, paint.dim(`    ${group.message}`));
    }
    const more = report.failures.length - SHOWN_MISTAKES;
    if (more > 0) lines.push(paint.dim(`  and ${more} more kind${more === 1 ? '' : 's'} of failure`));
  }
  const failed = report.students.reduce((sum, student) => sum + student.lessons.filter((grade) => grade.status === 'failed').length, 0);
  if (failed > 0) lines.push('', paint.dim(`${failed} failed lesson${failed === 1 ? '' : 's'}: why each one failed is in --json and --junit <file>`));
  return lines.join('\n');
}

/** The common mistakes shown under the table; --json has them all. */
const SHOWN_MISTAKES = 5;
const SHOWN_NAMES = 5;

// "ana, ben, chen" or "ana, ben, chen, dana, emil, …" for a long list.
function namesOf(students: string[]): string {
  return students.length > SHOWN_NAMES ? `${students.slice(0, SHOWN_NAMES).join(', ')}, …` : students.join(', ');
}

// Grades of one status with the same lesson and message (a lesson without a compiled check, say) on one line.
function groupBy(report: GradeReport, status: 'error' | 'needs' | 'tampered' | 'timed out'): { lesson: string; message: string; students: string[] }[] {
  const groups = new Map<string, { lesson: string; message: string; students: string[] }>();
  for (const student of report.students) {
    for (const grade of student.lessons) {
      if (grade.status !== status) continue;
      const key = `${grade.id}\n${grade.message}`;
      const group = groups.get(key) ?? { lesson: grade.id, message: grade.message, students: [] };
      group.students.push(student.name);
      groups.set(key, group);
    }
  }
  return [...groups.values()];
}

// The report with every text a student could have put in it made printable (see printable).
export function printableReport(report: GradeReport): GradeReport {
  const safe = <T>(value: T): T => (typeof value === 'string' ? (printable(value) as T) : value);
  return {
    ...report,
    students: report.students.map((student) => ({
      ...student,
      name: printable(student.name),
      lessons: student.lessons.map((grade) => Object.fromEntries(Object.entries(grade).map(([key, value]) => [key, safe(value)])) as typeof grade),
      ...(student.notes ? { notes: student.notes.map(printable) } : {}),
    })),
    ...(report.refused ? { refused: report.refused.map((student) => ({ name: printable(student.name), reason: printable(student.reason) })) } : {}),
    failures: report.failures.map((group) => ({ ...group, step: printable(group.step), message: printable(group.message), students: group.students.map(printable) })),
  };
}
