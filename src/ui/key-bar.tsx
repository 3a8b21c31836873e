import { Box, Text } from 'ink';

// One key the screen answers to, as the key bar shows it.
export interface KeyHint {
  keys: string;
  label: string;
  /** Shown dimmed: the key exists but does nothing right now. */
  disabled?: boolean;
}

// The keys of the current screen, at the bottom; wraps onto a second line in a narrow terminal.
export function KeyBar({ hints }: { hints: readonly KeyHint[] }) {
  return (
    <Box flexWrap="wrap" columnGap={2} flexShrink={0}>
      {hints.map((hint) => (
        <Box key={hint.keys + hint.label} flexShrink={0}>
          <Text bold={!hint.disabled} dimColor={hint.disabled} color={hint.disabled ? undefined : 'cyan'}>
            {hint.keys}
          </Text>
          <Text dimColor={hint.disabled}> {hint.label}</Text>
        </Box>
      ))}
    </Box>
  );
}
