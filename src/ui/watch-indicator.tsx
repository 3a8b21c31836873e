import { Text } from 'ink';
import type { WatchStatus } from './use-watch-file.js';

// Whether saving the file checks it: on, starting, off, or failed.
export function WatchIndicator({ status }: { status: WatchStatus }) {
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
