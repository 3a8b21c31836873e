import path from 'node:path';
import type { GradeStatus } from '../../src/grade/grade-report-schema.js';
import { fixture } from '../helpers/paths.js';

/** The class of test/fixtures/class: one folder per student. */
export const classDir = path.dirname(fixture('class', 'README.md'));

/** The students, in the order the report lists them (hidden .staff and the README are not students). */
export const studentNames = ['ada', 'bruno', 'chen', 'dana', 'emil', 'fay', 'gus', 'hana', 'ivan', 'june', 'kai'];

// What each student's files must get; every lesson not named here has no file and must be `missing`.
export const expectedGrades: Record<string, Record<string, { status: GradeStatus; message?: RegExp }>> = {
  ada: Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`lesson-${n}`, { status: 'passed' }])),
  bruno: {
    'lesson-1': { status: 'failed', message: /Nothing was printed to stdout/ },
    'lesson-2': { status: 'failed', message: /stdout/ },
    'lesson-3': { status: 'failed', message: /stdout/ },
  },
  chen: {
    'lesson-1': { status: 'failed', message: /"hello world".*"Hello World"/ },
    'lesson-4': { status: 'failed', message: /should exit with code 1/ },
  },
  dana: {
    'lesson-1': { status: 'failed', message: /still running/ },
    'lesson-5': { status: 'passed' },
  },
  emil: {
    // A flood: failed as soon as it passes the output cap.
    'lesson-1': { status: 'failed', message: /printed more than 1 MB on stdout/ },
    'lesson-2': { status: 'passed' },
  },
  fay: { 'lesson-1': { status: 'passed' } },
  gus: {
    'lesson-1': { status: 'failed', message: /crashed: SyntaxError/ },
    'lesson-3': { status: 'failed', message: /crashed: Error: bell/ },
  },
  hana: { 'lesson-1': { status: 'passed' } },
  ivan: { 'lesson-1': { status: 'error', message: /several files for lesson-1: 01-hello\.js, 01-hello\.ts/ } },
  june: {},
  kai: {
    'lesson-8': { status: 'passed' },
    // How many GET / it takes to see both workers depends on the scheduler: the numbers vary, the kind does not.
    'lesson-11': { status: 'failed', message: /GET \/count .* said \d+; expected \d+, every GET \/ answered so far by all workers together/ },
  },
};

// What a student's lesson must get.
export function expectedFor(student: string, lessonId: string): { status: GradeStatus; message?: RegExp } {
  return expectedGrades[student]![lessonId] ?? { status: 'missing', message: /^no file \d\d-[a-z-]+\.js \(or \.mjs, \.cjs, \.ts, \.mts, \.cts\)$/ };
}
