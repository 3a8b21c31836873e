import type { FailureGroup, GradeReport } from './grade-report-schema.js';

// An absolute path of two parts or more (a run folder, a student's file); "GET /count" is not one.
const absolutePath = /(?:file:\/\/)?(?<![\w.~-])(?:\/[\w.@+~-]+){2,}\/?/g;
// A number standing on its own (a pid, a port, a count, a duration with its unit), not part of a name like 01-hello.
const number = /(?<![\w.-])-?\d+(?:\.\d+)?(ms|s|MB|KB|kB|B)?(?![\w-])/g;

// The kind of a failure message: what differs from student to student (pids, ports, counts, the run's
// folder) replaced, so that the same mistake reads the same for everyone.
export function kindOfMessage(message: string): string {
  return message
    .replace(absolutePath, (found) => `…/${found.replace(/\/$/, '').split('/').at(-1)}`)
    .replace(number, (_found, unit: string | undefined) => `<n>${unit ?? ''}`);
}

// The class's common mistakes: students who failed a lesson at the same step with the same kind of
// message, grouped; the biggest group first, then in course order, then in the order first met.
export function groupFailures(report: Pick<GradeReport, 'lessons' | 'students'>): FailureGroup[] {
  const lessonOrder = new Map(report.lessons.map((lesson, index) => [lesson.id, index]));
  const groups = new Map<string, FailureGroup & { firstMet: number }>();
  for (const student of report.students) {
    for (const grade of student.lessons) {
      if (grade.status !== 'failed') continue;
      const message = kindOfMessage(grade.message);
      const key = JSON.stringify([grade.id, grade.step, message]);
      const group = groups.get(key) ?? { lesson: grade.id, step: grade.step, message, students: [], firstMet: groups.size };
      group.students.push(student.name);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.students.length - a.students.length || (lessonOrder.get(a.lesson) ?? 0) - (lessonOrder.get(b.lesson) ?? 0) || a.firstMet - b.firstMet)
    .map(({ firstMet: _firstMet, ...group }) => group);
}
