import type { Key } from 'ink';

/** What the learner can ask of the lesson screen. */
export type LessonCommand = 'back' | 'quit' | 'verify' | 'demo' | 'run' | 'hint' | 'solution' | 'instructions' | 'show-check' | 'reset' | 'next' | 'watch';

// The lesson screen's keys, in one place (rustlings' InputEvent idea): a key press becomes a command, the
// screen acts on commands, and the key bar shows the keys from here.
export const LESSON_KEYS: Readonly<Record<LessonCommand, readonly string[]>> = {
  back: ['esc', 'l'],
  quit: ['q'],
  verify: ['v'],
  demo: ['d'],
  run: ['r'],
  hint: ['h'],
  solution: ['s'],
  instructions: ['i'],
  'show-check': ['c'],
  reset: ['x'],
  next: ['n'],
  watch: ['w'],
};

const byKey = new Map(Object.entries(LESSON_KEYS).flatMap(([command, keys]) => keys.map((name) => [name, command as LessonCommand] as const)));

/** The command a key press stands for on the lesson screen; undefined for a key it does not use. */
export function lessonCommand(input: string, key: Pick<Key, 'escape'>): LessonCommand | undefined {
  return byKey.get(key.escape ? 'esc' : input);
}

/** A command's keys as the key bar shows them: "esc l". */
export function keysOf(command: LessonCommand): string {
  return LESSON_KEYS[command].join(' ');
}
