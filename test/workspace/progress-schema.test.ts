import { describe, expect, it } from 'vitest';
import { emptyProgress, lessonProgressSchema, progressSchema } from '../../src/workspace/progress-schema.js';

describe('progressSchema', () => {
  it('accepts progress as the workshop writes it, and fills in hintsShown', () => {
    const data = { version: 1, lessons: { 'lesson-1': { passedAt: '2026-01-02T03:04:05.678Z', hintsShown: 2 }, 'lesson-12': {} } };
    expect(progressSchema.parse(data)).toEqual({ version: 1, lessons: { 'lesson-1': { passedAt: '2026-01-02T03:04:05.678Z', hintsShown: 2 }, 'lesson-12': { hintsShown: 0 } } });
    expect(progressSchema.parse(emptyProgress())).toEqual({ version: 1, lessons: {} });
  });

  it.each([
    ['another version', { version: 2, lessons: {} }],
    ['no lessons', { version: 1 }],
    ['a lesson key that is not a lesson id', { version: 1, lessons: { signals: {} } }],
    ['a date that is not ISO 8601', { version: 1, lessons: { 'lesson-1': { passedAt: 'yesterday' } } }],
    ['a negative hint count', { version: 1, lessons: { 'lesson-1': { hintsShown: -1 } } }],
    ['a fractional hint count', { version: 1, lessons: { 'lesson-1': { hintsShown: 1.5 } } }],
    ['not an object', []],
  ])('rejects %s', (_, data) => {
    expect(progressSchema.safeParse(data).success).toBe(false);
  });

  it('describes every field', () => {
    for (const field of [...Object.values(progressSchema.shape), ...Object.values(lessonProgressSchema.shape)]) expect(field.description).toBeTruthy();
  });
});
