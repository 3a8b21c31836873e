import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { SampleRunView } from '../hooks/use-sample-run.js';

// The program running on the lesson's sample input: the command, its output (stderr in red) and how it ended.
export function RunView({ run }: { run: SampleRunView }) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text dimColor>$ </Text>
        <Text bold>{run.commandLine ?? 'starting…'}</Text>
      </Text>
      {run.running && run.until === 'interrupt' && run.pid !== undefined ? (
        <Text dimColor>
          {run.port !== undefined
            ? `pid ${run.pid}, PORT ${run.port}: it runs until you stop it with r or Ctrl-C. From another terminal: curl http://localhost:${run.port}/`
            : `pid ${run.pid}: it runs until you stop it with r or Ctrl-C. From another terminal: kill -HUP ${run.pid}`}
        </Text>
      ) : null}
      {run.dropped > 0 ? <Text dimColor>… {run.dropped} earlier lines</Text> : null}
      {run.lines.map((line, index) => (
        <Text key={index} color={line.stream === 'stderr' ? 'red' : undefined}>
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
      {run.running ? (
        <Text color="cyan">
          <Spinner type="dots" /> <Text dimColor>running</Text>
        </Text>
      ) : null}
      {run.ending ? <Text dimColor>({run.ending})</Text> : null}
      {run.error ? <Text color="red">Could not run it: {run.error}</Text> : null}
    </Box>
  );
}
