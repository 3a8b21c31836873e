import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/grade/build-report.js';
import { groupFailures, kindOfMessage } from '../../src/grade/common-failures.js';
import type { LessonGrade } from '../../src/grade/grade-report-schema.js';

const failed = (id: string, step: string, message: string): LessonGrade => ({ id, status: 'failed', step, message, file: 'x.js', durationMs: 1 });
const passed = (id: string): LessonGrade => ({ id, status: 'passed', file: 'x.js', durationMs: 1 });

describe('kindOfMessage', () => {
  it('replaces what differs from student to student: pids, ports, counts, durations, run folders', () => {
    expect(kindOfMessage('Line 1 of stdout is "process 12345"; expected "process 12346".')).toBe('Line <n> of stdout is "process <n>"; expected "process <n>".');
    expect(kindOfMessage('The program crashed: Error: bell (/tmp/snw-grade-AbC123/01-hello.js:3)')).toBe('The program crashed: Error: bell (…/01-hello.js:<n>)');
    expect(kindOfMessage('still running 5 s later (took 300ms); heap limit 304 MB')).toBe('still running <n> s later (took <n>ms); heap limit <n> MB');
  });

  it('keeps what names the mistake: file names, URL paths, words with digits, quoted text', () => {
    expect(kindOfMessage('GET /count said 1; expected 2 (06-signals.js, SIGHUP #2, "hello world")')).toBe('GET /count said <n>; expected <n> (06-signals.js, SIGHUP #<n>, "hello world")');
    expect(kindOfMessage('x-worker-pid header missing from http2 answer')).toBe('x-worker-pid header missing from http2 answer');
  });
});

describe('groupFailures', () => {
  const lessons = [
    { id: 'lesson-5', name: '05-pid', title: 'pid' },
    { id: 'lesson-6', name: '06-signals', title: 'Signals' },
  ];
  const pidMistake = (pid: number) => failed('lesson-5', 'prints its own pid', `Line 1 of stdout is "process ${pid + 1}"; expected "process ${pid}".`);
  const report = buildReport({
    lessons,
    students: [
      { name: 'ana', lessons: [pidMistake(100), failed('lesson-6', 'SIGHUP #2', 'No line "count = 2" within 2 s.')] },
      { name: 'ben', lessons: [pidMistake(2000), failed('lesson-6', 'SIGHUP #2', 'No line "count = 2" within 2 s.')] },
      { name: 'chen', lessons: [passed('lesson-5'), failed('lesson-6', 'SIGHUP #2', 'No line "count = 2" within 2 s.')] },
      { name: 'dana', lessons: [{ id: 'lesson-5', status: 'missing', message: 'no file' }, failed('lesson-6', 'SIGTERM', 'The program exited with code 1; it should exit with code 0.')] },
      { name: 'emil', lessons: [{ id: 'lesson-5', status: 'error', message: 'several files' }, failed('lesson-6', 'SIGHUP #2', 'The program crashed: TypeError: x (06-signals.js:4)')] },
    ],
    concurrency: 1,
    durationMs: 1,
  });

  it('groups students who failed a lesson at the same step with the same kind of message, the biggest group first', () => {
    expect(report.failures).toEqual([
      { lesson: 'lesson-6', step: 'SIGHUP #2', message: 'No line "count = <n>" within <n> s.', students: ['ana', 'ben', 'chen'] },
      { lesson: 'lesson-5', step: 'prints its own pid', message: 'Line <n> of stdout is "process <n>"; expected "process <n>".', students: ['ana', 'ben'] },
      { lesson: 'lesson-6', step: 'SIGTERM', message: 'The program exited with code <n>; it should exit with code <n>.', students: ['dana'] },
      { lesson: 'lesson-6', step: 'SIGHUP #2', message: 'The program crashed: TypeError: x (06-signals.js:<n>)', students: ['emil'] },
    ]);
  });

  it('counts only failures: a missing file or an error is not a mistake of the class', () => {
    expect(groupFailures({ lessons: report.lessons, students: report.students.slice(3, 5).map((student) => ({ ...student, lessons: student.lessons.slice(0, 1) })) })).toEqual([]);
  });
});
