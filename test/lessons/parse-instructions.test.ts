import { describe, expect, it } from 'vitest';
import { parseInstructions, textSections } from '../../src/lessons/parse-instructions.js';

describe('parseInstructions', () => {
  it('splits the title, the text and the hints', () => {
    const markdown = ['# Signals', '', 'Some text.', '', '## Your program', '', 'Do it.', '', '## Hints', '', '### First', '', 'Look here.', '', '### Second', 'Then there.', '```js', 'code();', '```', ''].join('\n');
    expect(parseInstructions(markdown)).toEqual({
      title: 'Signals',
      body: 'Some text.\n\n## Your program\n\nDo it.',
      hints: [
        { title: 'First', text: 'Look here.' },
        { title: 'Second', text: 'Then there.\n```js\ncode();\n```' },
      ],
    });
  });

  it('reads Windows line endings the same way', () => {
    const parsed = parseInstructions('# Title\r\n\r\nText.\r\n\r\n## Hints\r\n\r\n### One\r\n\r\nHint.\r\n');
    expect(parsed).toEqual({ title: 'Title', body: 'Text.', hints: [{ title: 'One', text: 'Hint.' }] });
  });

  it('gives no hints when there is no Hints section', () => {
    expect(parseInstructions('# Only text\n\nBody.\n')).toEqual({ title: 'Only text', body: 'Body.', hints: [] });
  });

  it('gives an empty title when the first heading is missing', () => {
    expect(parseInstructions('No heading here.\n').title).toBe('');
  });

  it('keeps a hint with a title only', () => {
    expect(parseInstructions('# T\n\n## Hints\n\n### Just a title').hints).toEqual([{ title: 'Just a title', text: '' }]);
  });
});

describe('textSections', () => {
  it('cuts a lesson text at its "## " headings, in order, and leaves headings in code blocks alone', () => {
    const body = ['Intro.', '', '## Your program', '', '```sh', '## not a heading', '```', '', '## Read more', '', '- [a](https://example.com/#a)'].join('\n');
    expect(textSections(body)).toEqual([
      { heading: undefined, text: 'Intro.' },
      { heading: 'Your program', text: '```sh\n## not a heading\n```' },
      { heading: 'Read more', text: '- [a](https://example.com/#a)' },
    ]);
  });
});
