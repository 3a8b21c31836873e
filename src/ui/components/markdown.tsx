import { useMemo, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { Lexer, type Token, type Tokens } from 'marked';
import { CodeBlock } from './code-block.js';
import { useColors } from '../state/color-context.js';
import { StyledText } from './styled-text.js';
import type { Run, RunStyle } from '../text/wrap-runs.js';

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => entities[entity] ?? entity);
// A line break inside a paragraph is a space in markdown (the terminal wraps the text itself).
const flow = (text: string) => decode(text).replace(/\n/g, ' ');

const styles = {
  plain: {},
  code: { color: 'yellow' },
  linkTarget: { dim: true },
} satisfies Record<string, RunStyle>;

// Inline tokens (emphasis, code, links) as styled runs of text.
function inlineRuns(tokens: Token[] | undefined, style: RunStyle, colors: boolean): Run[] {
  if (!tokens) return [];
  return tokens.flatMap((token): Run[] => {
    switch (token.type) {
      case 'strong':
        return inlineRuns((token as Tokens.Strong).tokens, { ...style, bold: true }, colors);
      case 'em':
        return inlineRuns((token as Tokens.Em).tokens, { ...style, italic: true }, colors);
      case 'del':
        return inlineRuns((token as Tokens.Del).tokens, { ...style, strikethrough: true }, colors);
      case 'codespan': {
        const code = flow((token as Tokens.Codespan).text);
        // Without colours, the backticks are what sets code apart.
        return [{ text: colors ? code : `\`${code}\``, style: { ...style, ...styles.code } }];
      }
      case 'link': {
        const link = token as Tokens.Link;
        const text = inlineRuns(link.tokens, { ...style, underline: true, color: 'blue' }, colors);
        return link.href === link.text ? text : [...text, { text: ` (${link.href})`, style: styles.linkTarget }];
      }
      case 'image':
        return [{ text: `[${(token as Tokens.Image).text}]`, style }];
      case 'br':
        return [{ text: '\n', style }];
      case 'text': {
        const text = token as Tokens.Text;
        if (text.tokens && text.tokens.length > 0) return inlineRuns(text.tokens, style, colors);
        return [{ text: flow(text.text), style }];
      }
      default:
        return [{ text: flow('text' in token && typeof token.text === 'string' ? token.text : token.raw), style }];
    }
  });
}

// A paragraph wrapped to the width it has.
function Paragraph({ tokens, width, style = styles.plain }: { tokens: Token[] | undefined; width: number; style?: RunStyle }) {
  const colors = useColors();
  const runs = useMemo(() => inlineRuns(tokens, style, colors), [tokens, style, colors]);
  return <StyledText runs={runs} width={width} />;
}

function List({ list, width }: { list: Tokens.List; width: number }) {
  const start = typeof list.start === 'number' ? list.start : 1;
  const bullet = list.ordered ? `${start + list.items.length - 1}.`.length + 1 : 2;
  return (
    <Box flexDirection="column">
      {list.items.map((item, index) => (
        <Box key={index} flexDirection="row">
          <Box width={bullet} flexShrink={0}>
            <Text color="cyan">{list.ordered ? `${start + index}.` : '•'}</Text>
          </Box>
          <Box flexDirection="column" flexShrink={1} flexGrow={1}>
            <Blocks tokens={item.tokens} width={width - bullet} tight />
          </Box>
        </Box>
      ))}
    </Box>
  );
}

const headingStyles: Record<number, RunStyle> = {
  1: { bold: true, underline: true, color: 'magenta' },
  2: { bold: true, color: 'cyan' },
};

function Block({ token, width }: { token: Token; width: number }): ReactNode {
  switch (token.type) {
    case 'heading': {
      const heading = token as Tokens.Heading;
      return <Paragraph tokens={heading.tokens} width={width} style={headingStyles[heading.depth] ?? { bold: true }} />;
    }
    case 'paragraph':
      return <Paragraph tokens={(token as Tokens.Paragraph).tokens} width={width} />;
    case 'text': {
      const text = token as Tokens.Text;
      return <Paragraph tokens={text.tokens ?? [{ type: 'text', raw: text.raw, text: text.text }]} width={width} />;
    }
    case 'list':
      return <List list={token as Tokens.List} width={width} />;
    case 'code': {
      const code = token as Tokens.Code;
      return <CodeBlock code={code.text} language={code.lang} />;
    }
    case 'blockquote':
      return (
        <Box borderStyle="single" borderTop={false} borderRight={false} borderBottom={false} borderDimColor paddingLeft={1} flexDirection="column">
          <Blocks tokens={(token as Tokens.Blockquote).tokens} width={width - 2} />
        </Box>
      );
    case 'hr':
      return <Text dimColor>{'─'.repeat(Math.min(width, 40))}</Text>;
    case 'table': {
      const table = token as Tokens.Table;
      return (
        <Box flexDirection="column">
          <Text bold>{table.header.map((cell) => decode(cell.text)).join(' │ ')}</Text>
          {table.rows.map((row, index) => (
            <Text key={index}>{row.map((cell) => decode(cell.text)).join(' │ ')}</Text>
          ))}
        </Box>
      );
    }
    case 'html':
      return <Text dimColor>{(token as Tokens.HTML).text.trim()}</Text>;
    default:
      return null;
  }
}

function Blocks({ tokens, width, tight = false }: { tokens: Token[]; width: number; tight?: boolean }) {
  const blocks = tokens.filter((token) => token.type !== 'space' && token.type !== 'def');
  return (
    <Box flexDirection="column" rowGap={tight ? 0 : 1}>
      {blocks.map((token, index) => (
        <Block key={index} token={token} width={width} />
      ))}
    </Box>
  );
}

// Markdown as terminal text, `width` columns wide: headings, paragraphs with emphasis and inline
// code, lists, code blocks with syntax colours, quotes and tables (marked's lexer, each token an
// ink component).
export function Markdown({ text, width }: { text: string; width: number }) {
  const tokens = useMemo(() => Lexer.lex(text), [text]);
  return <Blocks tokens={tokens} width={width} />;
}
