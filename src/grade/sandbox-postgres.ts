import path from 'node:path';
import { findPostgres } from '../engine/postgres/find-postgres.js';
import { postgresCacheFolderIn, postgresTemplate } from '../engine/postgres/postgres-template.js';
import { TEMPLATE_TIMEOUT_MS } from '../engine/postgres/private-postgres.js';
import { serverLauncher } from '../engine/postgres/server-user.js';
import type { LessonFolder } from '../lessons/lesson-folders.js';
import { loadLesson } from '../lessons/load-lesson.js';
import { SANDBOX_CACHE } from './sandbox.js';

/** The machine's PostgreSQL template folder, to be shown read-only in every sandbox at `inside`, in its cache folder SANDBOX_CACHE. */
export interface SharedTemplate {
  folder: string;
  /** Its path inside: where the check looks with XDG_CACHE_HOME=SANDBOX_CACHE. */
  inside: string;
  /** The lessons that need it (their ids): a student's sandbox shows it only for those. */
  lessons: readonly string[];
}

// A sandbox has a HOME of its own, so a lesson that needs PostgreSQL would make the template there, once per
// student (initdb: seconds of CPU, and 18 MB of the student's 64 MB). Made (or found) once here, outside,
// with this user's cache, it is shown read-only where the check inside looks for it (its cache folder is
// SANDBOX_CACHE, in the read-only root: in HOME, a program could rename the folders above the template and
// put a template of its own there, with the statement log off). Undefined when no
// lesson graded needs PostgreSQL, or the machine has none, or the template cannot be made: then each
// sandbox makes its own, or says what is missing, as before.
export async function sharedPostgresTemplate(lessons: readonly LessonFolder[], signal?: AbortSignal): Promise<SharedTemplate | undefined> {
  const needing = lessons.filter((lesson) => loadLesson(lesson).meta.needs?.includes('postgresql')).map((lesson) => lesson.id);
  if (needing.length === 0) return undefined;
  const binaries = findPostgres();
  if (!binaries) return undefined;
  try {
    const template = await postgresTemplate({ binaries, launcher: serverLauncher(), signal, timeoutMs: TEMPLATE_TIMEOUT_MS });
    const folder = path.dirname(template.dataDir);
    return { folder, inside: path.join(postgresCacheFolderIn(SANDBOX_CACHE), path.basename(folder)), lessons: needing };
  } catch {
    return undefined;
  }
}
