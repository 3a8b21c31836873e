import { Box, Text } from 'ink';
import type { LessonPanel } from '../state/app-state.js';

// The lesson screen's views, with the one shown marked (brackets too, for terminals without colour).
export function PanelTabs({ panel, tabs }: { panel: LessonPanel; tabs: readonly { panel: LessonPanel; label: string }[] }) {
  return (
    <Box columnGap={1} flexShrink={1} flexWrap="wrap">
      {tabs.map((tab) =>
        tab.panel === panel ? (
          <Text key={tab.panel} bold color="magenta">
            [{tab.label}]
          </Text>
        ) : (
          <Text key={tab.panel} dimColor>
            {' '}
            {tab.label}{' '}
          </Text>
        ),
      )}
    </Box>
  );
}
