import { writeFileSync } from 'node:fs';
import junitReportBuilder, { type Builder } from 'junit-report-builder';
import type { GradeReport } from './grade-report-schema.js';

// The package is CommonJS with `module.exports = builder`; its types declare an ES default export instead,
// so under NodeNext TypeScript sees one level of `.default` that does not exist at run time.
const rootBuilder = ('newBuilder' in junitReportBuilder ? junitReportBuilder : junitReportBuilder.default) as Builder;

// XML 1.0 cannot carry control characters or lone surrogates; a student's crash message may hold any of them.
const notXmlText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xmlText = (text: string) => text.replace(notXmlText, '\uFFFD');

// The grades as JUnit XML, as CI systems show test results: one testsuite per student, one testcase per
// lesson; failed, timed out and tampered are failures, missing and needs (the machine lacks Redis) are skipped, error is an error.
export function buildJunitXml(report: GradeReport): string {
  const builder = rootBuilder.newBuilder().name('scaling-node-workshop grades');
  const titles = new Map(report.lessons.map((lesson) => [lesson.id, lesson.title]));
  for (const student of report.students) {
    const suite = builder.testSuite().name(xmlText(student.name));
    for (const grade of student.lessons) {
      const testCase = suite.testCase().className(xmlText(student.name)).name(xmlText(`${grade.id} ${titles.get(grade.id) ?? ''}`.trim()));
      if ('durationMs' in grade && grade.durationMs !== undefined) testCase.time(grade.durationMs / 1000);
      if ('file' in grade && grade.file) testCase.file(xmlText(grade.file));
      if (grade.status === 'failed') testCase.failure(xmlText(`${grade.step}: ${grade.message}`), 'failed');
      else if (grade.status === 'missing') testCase.skipped().standardOutput(xmlText(grade.message));
      else if (grade.status === 'needs') testCase.skipped().standardOutput(xmlText(`needs ${grade.what}: ${grade.message}`));
      else if (grade.status === 'tampered' || grade.status === 'timed out') testCase.failure(xmlText(`${grade.status}: ${grade.message}`), grade.status);
      else if (grade.status === 'error') testCase.error(xmlText(grade.message), 'error');
    }
  }
  return builder.build();
}

// Writes the JUnit report (throws the file system's error; the path was checked before grading started).
export function writeJunit(report: GradeReport, file: string): void {
  writeFileSync(file, buildJunitXml(report));
}
