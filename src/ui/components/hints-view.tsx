import { Box, Text } from 'ink';
import { Markdown } from './markdown.js';

// The hints seen so far, one after another; the count says how many more there are.
export function HintsView({ hints, shown, width }: { hints: readonly { title: string; text: string }[]; shown: number; width: number }) {
  if (hints.length === 0) return <Text dimColor>This lesson has no hints.</Text>;
  if (shown === 0) return <Text dimColor>No hint seen yet: press h for the first one.</Text>;
  return (
    <Box flexDirection="column" rowGap={1}>
      {hints.slice(0, shown).map((hint, index) => (
        <Box key={index} flexDirection="column">
          <Text bold color="yellow">
            Hint {index + 1}/{hints.length}: {hint.title}
          </Text>
          <Markdown text={hint.text} width={width} />
        </Box>
      ))}
      <Text dimColor>{shown < hints.length ? `h shows the next hint (${hints.length - shown} more).` : 'That was the last hint.'}</Text>
    </Box>
  );
}
