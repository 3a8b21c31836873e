import type { AuthoringProblem } from './authoring-problem.js';
import type { RunSummary } from './run-summary.js';

// The authors' check of one lesson: its problems, and how its check judged the starter and the solution.
export interface LessonCheckResult {
  id: string;
  name: string;
  title: string;
  ok: boolean;
  problems: AuthoringProblem[];
  /** Present once the lesson's check could run. */
  starter?: RunSummary;
  solution?: RunSummary;
  durationMs: number;
}

// The whole authors' check: every lesson, then what is wrong with the course's layout.
export interface CheckReport {
  ok: boolean;
  lessons: LessonCheckResult[];
  /** Stray or misnamed files, number gaps and duplicates. */
  layout: AuthoringProblem[];
  concurrency: number;
  durationMs: number;
}
