import { buildReport } from '../../src/grade/build-report.js';
import type { GradeReport } from '../../src/grade/grade-report-schema.js';

// A small report with every status, for the formatters' tests.
export const sampleReport: GradeReport = buildReport({
  lessons: [
    { id: 'lesson-1', name: '01-hello', title: 'Hello World' },
    { id: 'lesson-2', name: '02-argv', title: 'Arguments' },
    { id: 'lesson-10', name: '10-messages', title: 'Messages' },
  ],
  students: [
    {
      name: 'ada',
      lessons: [
        { id: 'lesson-1', status: 'passed', file: '01-hello.js', durationMs: 40 },
        { id: 'lesson-2', status: 'failed', step: 'prints the script path', message: 'Line 1 of stdout is "x"; expected "script: /a".', file: '02-argv.js', durationMs: 1500 },
        { id: 'lesson-10', status: 'error', message: 'lesson-10 has no compiled check', file: '10-messages.js' },
      ],
    },
    {
      name: 'bartholomew',
      lessons: [
        { id: 'lesson-1', status: 'failed', step: 'prints "Hello World"', message: 'The program crashed: Error: bell \u0007 escape \u001b[31m <&> "quoted"', file: '01-hello.js', durationMs: 30 },
        { id: 'lesson-2', status: 'missing', message: 'no file 02-argv.js (or .mjs, .cjs, .ts, .mts, .cts)' },
        { id: 'lesson-10', status: 'error', message: 'lesson-10 has no compiled check', file: '10-messages.ts' },
      ],
    },
  ],
  concurrency: 2,
  durationMs: 2000,
});

// A report with the sandbox's own statuses: mallory tampered (every lesson), slow passed one lesson and
// ran out of time in the other.
export const sandboxStatusReport: GradeReport = buildReport({
  lessons: [
    { id: 'lesson-1', name: '01-hello', title: 'Hello' },
    { id: 'lesson-2', name: '02-argv', title: 'Argv' },
  ],
  students: [
    {
      name: 'mallory',
      lessons: [
        { id: 'lesson-1', status: 'tampered', message: 'the verifier was stopped by a signal', file: '01-hello.js' },
        { id: 'lesson-2', status: 'tampered', message: 'the verifier was stopped by a signal', file: '02-argv.js' },
      ],
    },
    {
      name: 'slow',
      lessons: [
        { id: 'lesson-1', status: 'passed', file: '01-hello.js', durationMs: 1 },
        { id: 'lesson-2', status: 'timed out', message: 'the lesson took longer than 120 s', file: '02-argv.js' },
      ],
    },
  ],
  concurrency: 1,
  durationMs: 1,
});
