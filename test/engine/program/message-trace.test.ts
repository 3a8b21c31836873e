import { describe, expect, it } from 'vitest';
import { parseTrace } from '../../../src/engine/program/message-trace.js';

describe('parseTrace', () => {
  it('reads the recorded messages in order, and skips lines that are not records (cut short, or the program’s own)', () => {
    const text = [
      JSON.stringify({ pid: 12, what: 'received', message: 'do something!', listeners: 1 }),
      'not json',
      JSON.stringify({ pid: 12, what: 'sent', message: 'nope.' }),
      JSON.stringify({ pid: 'x', what: 'sent', message: 'nope.' }),
      '{"pid": 13, "what": "sen',
    ].join('\n');
    expect(parseTrace(text)).toEqual([
      { pid: 12, what: 'received', message: 'do something!', listeners: 1 },
      { pid: 12, what: 'sent', message: 'nope.' },
    ]);
  });
});
