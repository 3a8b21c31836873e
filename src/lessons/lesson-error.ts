// A lesson's files are broken (an author's mistake): names the lesson and the field.
export class LessonError extends Error {
  constructor(
    readonly lesson: string,
    detail: string,
  ) {
    super(`${lesson}: ${detail}`);
    this.name = 'LessonError';
  }
}
