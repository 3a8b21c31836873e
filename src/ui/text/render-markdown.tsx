import { renderToString } from 'ink';
import { ColorContext } from '../state/color-context.js';
import { loadHighlighter } from './highlighter.js';
import { Markdown } from '../components/markdown.js';

/** Markdown as the workshop's screen draws it (same headings, lists, code colours), as text with ANSI styles `columns` wide. */
export async function renderMarkdown(text: string, columns: number): Promise<string> {
  // Code blocks are coloured only once the highlighter is loaded, and this render is the only one.
  await loadHighlighter();
  return renderToString(
    <ColorContext.Provider value={true}>
      <Markdown text={text} width={columns} />
    </ColorContext.Provider>,
    { columns },
  );
}
