import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ColorContext } from '../../../src/ui/state/color-context.js';
import { Markdown } from '../../../src/ui/components/markdown.js';

const show = (text: string, width = 40, colors = false) =>
  render(
    <ColorContext.Provider value={colors}>
      <Markdown text={text} width={width} />
    </ColorContext.Provider>,
  ).lastFrame() ?? '';

describe('markdown', () => {
  it('renders headings, paragraphs reflowed to the width, emphasis without its markers', () => {
    const screen = show('# Title\n\nSome **bold** and _em_\ntext that goes on and on past the width.\n\n## Part');
    expect(screen).toBe(['Title', '', 'Some bold and em text that goes on and', 'on past the width.', '', 'Part'].join('\n'));
  });

  it('marks inline code with backticks when there are no colours, and not when there are', () => {
    expect(show('Run `node x.js` now.')).toBe('Run `node x.js` now.');
    expect(show('Run `node x.js` now.', 40, true)).toContain('node x.js');
    expect(show('Run `node x.js` now.', 40, true)).not.toContain('`');
  });

  it('renders bullet and numbered lists, nested ones indented, with item text wrapped under itself', () => {
    const screen = show('- one\n- two words that wrap around\n  - nested\n\n1. first\n2. second', 20);
    expect(screen.split('\n')).toEqual(['• one', '• two words that', '  wrap around', '  • nested', '', '1. first', '2. second']);
  });

  it('renders code blocks line by line, as written', () => {
    const screen = show('```js\nconst a = 1;\n  indented();\n```');
    expect(screen).toContain('┃ const a = 1;');
    expect(screen).toContain('┃   indented();');
  });

  it('renders links with their address, quotes and entities', () => {
    expect(show('See [the docs](https://nodejs.org).')).toContain('See the docs (https://nodejs.org).');
    expect(show('> quoted')).toContain('quoted');
    expect(show('a &amp; b')).toContain('a & b');
  });
});
