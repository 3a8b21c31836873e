import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { highlightLanguage, highlightNow, loadHighlighter } from '../text/highlighter.js';

// A block of code with syntax colours (once the highlighter has loaded), optionally numbered.
export function CodeBlock({ code, language, lineNumbers = false }: { code: string; language?: string; lineNumbers?: boolean }) {
  const name = highlightLanguage(language);
  const text = code.replace(/\n$/, '');
  const [coloured, setColoured] = useState(() => (name ? highlightNow(text, name) : undefined));
  useEffect(() => {
    if (!name) {
      setColoured(undefined);
      return;
    }
    let current = true;
    const now = highlightNow(text, name);
    if (now !== undefined) setColoured(now);
    else
      void loadHighlighter().then((highlight) => {
        if (current) setColoured(highlight(text, name));
      });
    return () => {
      current = false;
    };
  }, [text, name]);
  const lines = (coloured ?? text).split('\n');
  const width = String(lines.length).length;
  return (
    <Box flexDirection="column" borderStyle="bold" borderTop={false} borderRight={false} borderBottom={false} borderColor="gray" paddingLeft={1}>
      {lines.map((line, index) =>
        lineNumbers ? (
          // The number in a column of its own, so a wrapped line stays to the right of it.
          <Box key={index}>
            <Box width={width + 1} flexShrink={0}>
              <Text dimColor>{String(index + 1).padStart(width)}</Text>
            </Box>
            <Text>{line === '' ? ' ' : line}</Text>
          </Box>
        ) : (
          <Text key={index}>{line === '' ? ' ' : line}</Text>
        ),
      )}
    </Box>
  );
}
