import { Box, Text } from 'ink';
import { diffRows, type DiffRow } from '../text/diff-rows.js';
import { hasVisibleWhitespace, visibleSegments } from '../text/visible-whitespace.js';

const marks = { both: ' ', expected: '-', actual: '+' } as const;
const colors = { both: undefined, expected: 'red', actual: 'green' } as const;

function Row({ row }: { row: DiffRow }) {
  const color = colors[row.side];
  if (row.segments.every((segment) => segment.text === '')) {
    return (
      <Text>
        <Text color={color} bold>
          {marks[row.side]}{' '}
        </Text>
        <Text dimColor>(empty line)</Text>
      </Text>
    );
  }
  const segments = row.side === 'both' ? row.segments : visibleSegments(row.segments, row.paired);
  return (
    <Text>
      <Text color={color} bold>
        {marks[row.side]}{' '}
      </Text>
      {segments.map((segment, index) =>
        row.side === 'both' ? (
          <Text key={index} dimColor>
            {segment.text}
          </Text>
        ) : (
          <Text key={index} color={color} inverse={row.paired && segment.changed}>
            {segment.text}
          </Text>
        ),
      )}
    </Text>
  );
}

// Expected against actual: a line diff (- expected, + actual), the characters that differ in a
// changed line marked, and whitespace that matters made visible.
export function DiffView({ expected, actual }: { expected?: string; actual?: string }) {
  if (expected === undefined && actual === undefined) return null;
  const rows = diffRows(expected ?? '', actual ?? '');
  const marked = rows.some((row) => row.side !== 'both' && hasVisibleWhitespace(row.segments, row.paired));
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="red" bold>
          - expected
        </Text>
        {'   '}
        <Text color="green" bold>
          + actual
        </Text>
        {marked ? <Text dimColor>{'   (· space  → tab  ␍ carriage return)'}</Text> : null}
      </Text>
      {rows.map((row, index) => (
        <Row key={index} row={row} />
      ))}
    </Box>
  );
}
