import { Text } from 'ink';

// A bar of `width` cells, filled in proportion to done/total, then the count ("3/13").
export function ProgressBar({ done, total, width }: { done: number; total: number; width: number }) {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return (
    <Text>
      <Text color="green">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(Math.max(0, width - filled))}</Text>
      <Text bold>
        {' '}
        {done}/{total}
      </Text>
      <Text dimColor> passed</Text>
    </Text>
  );
}
