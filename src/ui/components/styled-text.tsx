import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { wrapRuns, type Run } from '../text/wrap-runs.js';

// Runs of styled text wrapped between words to `width` columns, one ink Text per line.
export function StyledText({ runs, width }: { runs: readonly Run[]; width: number }) {
  const lines = useMemo(() => wrapRuns(runs, width), [runs, width]);
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <Text key={index}>
          {line.length === 0
            ? ' '
            : line.map((run, part) => (
                <Text key={part} bold={run.style.bold} italic={run.style.italic} strikethrough={run.style.strikethrough} underline={run.style.underline} dimColor={run.style.dim} color={run.style.color}>
                  {run.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
