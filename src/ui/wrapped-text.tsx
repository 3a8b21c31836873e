import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { wrapRuns } from './wrap-runs.js';

// Plain text wrapped between words to `width` columns (ink's own wrapping starts lines with the
// space it broke at).
export function WrappedText({ text, width, color, dimColor }: { text: string; width: number; color?: string; dimColor?: boolean }) {
  const lines = useMemo(() => wrapRuns([{ text, style: {} }], width), [text, width]);
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <Text key={index} color={color} dimColor={dimColor}>
          {line.map((run) => run.text).join('') || ' '}
        </Text>
      ))}
    </Box>
  );
}
