import { Box, Text } from 'ink';

// The last lines a program wrote to one stream, in that stream's colour.
export function OutputExcerpt({ stream, text }: { stream: 'stdout' | 'stderr'; text: string }) {
  if (!text) return null;
  return (
    <Box flexDirection="column">
      <Text bold color={stream === 'stdout' ? 'cyan' : 'red'}>
        {stream} (last lines):
      </Text>
      <Box flexDirection="column" paddingLeft={2}>
        {text.split('\n').map((line, index) => (
          <Text key={index} color={stream === 'stdout' ? 'cyan' : 'red'}>
            {line === '' ? ' ' : line}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
