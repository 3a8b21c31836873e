import { Text } from 'ink';
import type { WatchStatus } from '../hooks/use-watch-file.js';

// Whether saving the file checks it: on, starting, off, or failed (`short`: the mark and the key alone).
export function WatchIndicator({ status, short = false }: { status: WatchStatus; short?: boolean }) {
  if (short) {
    const marks = { watching: ['green', '◉ w'], starting: [undefined, '◌ w'], off: [undefined, '○ w'], failed: ['red', '✗ w'] } as const;
    const [color, mark] = marks[status.state];
    return (
      <Text color={color} dimColor={color === undefined}>
        {mark}
      </Text>
    );
  }
  switch (status.state) {
    case 'watching':
      return <Text color="green">◉ watching (w)</Text>;
    case 'starting':
      return <Text dimColor>◌ starting watch</Text>;
    case 'off':
      return <Text dimColor>○ watch off (w)</Text>;
    case 'failed':
      return <Text color="red">✗ watch failed: use v</Text>;
  }
}
