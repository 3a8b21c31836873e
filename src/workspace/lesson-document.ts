import { adaptCommands, workshopCommand } from '../terminal/workshop-command.js';
import type { Lesson } from '../lessons/load-lesson.js';

/** The extension of a lesson's text in a workspace: 01-hello.md beside 01-hello.js. */
export const LESSON_TEXT_EXTENSION = '.md';

/**
 * A lesson's text as a learner reads it outside the UI (`show`, and the NN-slug.md that `init` writes):
 * the title, the text with every workshop command written the way it runs here, and the commands that
 * check the program and give hints. The hints themselves stay out: they come one at a time.
 */
export function lessonDocument(lesson: Lesson, command = workshopCommand()): string {
  const hints = lesson.hints.length === 1 ? '1 hint' : `${lesson.hints.length} hints`;
  const footer = [
    `Check your program: \`${command} verify ${lesson.number}\``,
    ...(lesson.hints.length > 0 ? [`Stuck? \`${command} hint ${lesson.number}\` shows the next of ${hints}.`] : []),
  ];
  return `# Lesson ${lesson.number}: ${lesson.title}\n\n${adaptCommands(lesson.body, command)}\n\n---\n\n${footer.join('\n\n')}\n`;
}
