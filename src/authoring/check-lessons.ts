import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { listLessonFolders, type LessonFolder } from '../lessons/lesson-folders.js';
import { readLessonTitle } from '../lessons/lesson-title.js';
import { checkLessonBehaviour } from './check-lesson-behaviour.js';
import { checkLessonContent } from './check-lesson-content.js';
import { checkNumbering } from './check-numbering.js';
import type { CheckReport, LessonCheckResult } from './check-report.js';
import { courseLayout, type CourseLayout } from '../lessons/course-layout.js';
import { findStrayFiles } from './find-stray-files.js';
import { loadCheck } from '../lessons/load-check.js';
import { monotonicMs } from '../engine/waits/clock.js';

/** Lessons checked at once by default: each runs real programs, some of them several processes. */
export const DEFAULT_CHECK_CONCURRENCY = Math.min(availableParallelism(), 4);

// How to run the authors' check.
export interface CheckLessonsOptions {
  layout?: CourseLayout;
  concurrency?: number;
  signal?: AbortSignal;
  /** Called as each lesson's result is known (in completion order). */
  onLessonChecked?: (result: LessonCheckResult, index: number) => void;
}

// The authors' check: every lesson's files and data, its starter failing and its solution passing
// (lessons in parallel, a bounded pool), and the layout of lessons/ and solutions/.
export async function checkLessons(options: CheckLessonsOptions = {}): Promise<CheckReport> {
  const started = monotonicMs();
  const layout = options.layout ?? courseLayout();
  const concurrency = options.concurrency ?? DEFAULT_CHECK_CONCURRENCY;
  const folders = listLessonFolders(layout.lessonsDir);
  const limit = pLimit(concurrency);
  const lessons = await Promise.all(
    folders.map((folder, index) =>
      limit(async () => {
        const result = await checkOneLesson(layout, folder, options.signal);
        options.onLessonChecked?.(result, index);
        return result;
      }),
    ),
  );
  const layoutProblems = [...checkNumbering(folders), ...findStrayFiles(layout)];
  if (folders.length === 0) layoutProblems.unshift({ where: 'lessons', message: 'no lesson folders (lessons/NN-slug)' });
  return {
    ok: layoutProblems.length === 0 && lessons.every((lesson) => lesson.ok),
    lessons,
    layout: layoutProblems,
    concurrency,
    durationMs: Math.round(monotonicMs() - started),
  };
}

async function checkOneLesson(layout: CourseLayout, folder: LessonFolder, signal?: AbortSignal): Promise<LessonCheckResult> {
  const started = monotonicMs();
  const title = readLessonTitle(folder);
  const { problems, has } = checkLessonContent(layout, folder);
  const finish = (extra: Partial<LessonCheckResult> = {}): LessonCheckResult => {
    const all = [...problems, ...(extra.problems ?? [])];
    return { id: folder.id, name: folder.name, title, ...extra, ok: all.length === 0, problems: all, durationMs: Math.round(monotonicMs() - started) };
  };
  if (!has.check) return finish();
  const loaded = await loadCheck(folder, { layout, fresh: true });
  if ('problem' in loaded) return finish({ problems: [{ where: loaded.problem.where, message: loaded.problem.message }] });
  // Without both programs there is nothing to run the check on; the missing files are already reported.
  if (!has.starter || !has.solution) return finish();
  const behaviour = await checkLessonBehaviour(layout, folder, loaded.check, title, signal);
  return finish({ starter: behaviour.starter, solution: behaviour.solution, problems: behaviour.problems });
}
