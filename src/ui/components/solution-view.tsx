import { readFileSync } from 'node:fs';
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { CodeBlock } from './code-block.js';

// A lesson's reference solution, numbered and coloured.
export function SolutionView({ file, label }: { file: string; label: string }) {
  const code = useMemo(() => {
    try {
      return { text: readFileSync(file, 'utf8') };
    } catch (error) {
      return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
    }
  }, [file]);
  return (
    <Box flexDirection="column">
      <Text bold>
        Reference solution <Text dimColor>({label})</Text>
      </Text>
      {'text' in code ? <CodeBlock code={code.text!} language="js" lineNumbers /> : <Text color="red">Cannot read it: {code.error}</Text>}
    </Box>
  );
}
