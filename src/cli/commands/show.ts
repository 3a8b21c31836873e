import { loadLesson } from '../../lessons/load-lesson.js';
import { colorsEnabled } from '../../terminal/colors.js';
import { lessonDocument } from '../../workspace/lesson-document.js';
import type { CommandLine } from '../parse-command-line.js';
import { expectOptions } from '../command-options.js';
import { resolveLesson } from '../resolve-lesson.js';

// show <lesson> (also `print`, workshopper's name): the lesson's text, rendered for a terminal, or as
// plain markdown when piped (or with NO_COLOR), the same text `init` writes beside the starter.
export async function show(line: CommandLine): Promise<number> {
  expectOptions(line, { max: 1, options: ['instructor'] });
  const lesson = loadLesson(await resolveLesson(line.positionals[0]));
  const text = lessonDocument(lesson);
  if (!colorsEnabled(process.stdout)) {
    process.stdout.write(text);
    return 0;
  }
  process.stdout.write(await renderForTerminal(text, process.stdout.columns || 80));
  return 0;
}

// The workshop's own markdown view, as the lesson screen shows it (loaded only here).
async function renderForTerminal(markdown: string, columns: number): Promise<string> {
  const { renderMarkdown } = await import('../../ui/text/render-markdown.js');
  return `${await renderMarkdown(markdown, Math.max(20, Math.min(columns, 100) - 1))}\n`;
}
