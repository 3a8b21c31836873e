import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';

// A yes/no question that holds the keyboard until answered: y confirms; n or esc declines.
export function Confirm({ question, detail, onAnswer }: { question: string; detail?: string; onAnswer: (yes: boolean) => void }) {
  useKeys((input, key) => {
    if (input === 'y' || input === 'Y') onAnswer(true);
    else if (input === 'n' || input === 'N' || key.escape) onAnswer(false);
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} flexShrink={0}>
      <Text bold>{question}</Text>
      {detail ? <Text dimColor>{detail}</Text> : null}
      <Text>
        <Text bold color="cyan">
          y
        </Text>{' '}
        yes{'   '}
        <Text bold color="cyan">
          n
        </Text>{' '}
        no
      </Text>
    </Box>
  );
}
