import { Text } from 'ink';
import type { Notice } from './app-state.js';

const colors = { info: 'cyan', success: 'green', warning: 'yellow', error: 'red' } as const;

// The screen's one-line message, if any.
export function NoticeLine({ notice }: { notice: Notice | undefined }) {
  if (!notice) return null;
  return (
    <Text color={colors[notice.tone]}>
      {notice.text}
    </Text>
  );
}
