import path from 'node:path';
import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { DEFAULT_WORKSPACE_NAME } from '../../workspace/workspace-paths.js';
import type { Notice } from '../state/app-state.js';
import { KeyBar } from '../components/key-bar.js';
import { NoticeLine } from '../components/notice-line.js';
import { TextInput } from '../components/text-input.js';
import { WrappedText } from '../components/wrapped-text.js';

// The first screen when no workspace is found: says where one will be created (a new folder, so
// the current one is never littered) and creates it only when the learner says so.
export function SetupScreen({
  cwd,
  width,
  lessonCount,
  instructor,
  notice,
  onCreate,
  onSkip,
  onQuit,
}: {
  cwd: string;
  /** Columns the text may take. */
  width: number;
  lessonCount: number;
  instructor: boolean;
  notice: Notice | undefined;
  onCreate: (dir: string) => void;
  onSkip: () => void;
  onQuit: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [folder, setFolder] = useState(`.${path.sep}${DEFAULT_WORKSPACE_NAME}`);
  const target = path.resolve(cwd, folder.trim() || '.');

  useKeys(
    (input, key) => {
      if (key.return) onCreate(target);
      else if (input === 'e') setEditing(true);
      else if (input === 'c' && instructor) onSkip();
      else if (input === 'q' || key.escape) onQuit();
    },
    { isActive: !editing },
  );

  return (
    <Box flexDirection="column" flexGrow={1}>
      <Text bold color="magenta">
        Scaling Node workshop
      </Text>
      <WrappedText dimColor width={width} text="How a Node program lives on the command line, and scales across cores with cluster." />
      <Box flexDirection="column" marginTop={1} flexGrow={1} rowGap={1}>
        <WrappedText width={width} text={`No workshop folder here yet. The workshop keeps your programs (${lessonCount} lessons, one file each) and your progress in a folder of their own.`} />
        {editing ? (
          <Box flexDirection="column">
            <Text>Create it in (relative to {cwd}):</Text>
            <TextInput
              value={folder}
              onChange={setFolder}
              onSubmit={(value) => {
                setEditing(false);
                onCreate(path.resolve(cwd, value.trim() || '.'));
              }}
              onCancel={() => setEditing(false)}
            />
          </Box>
        ) : (
          <Box flexDirection="column">
            <Text>
              Create it in: <Text bold color="cyan">{target}</Text>
            </Text>
            <Text dimColor>Nothing else is written {path.dirname(target) === cwd ? 'in this folder' : 'anywhere else'}.</Text>
          </Box>
        )}
        {instructor ? <WrappedText dimColor width={width} text="Instructor mode: lessons, hints and solutions can be browsed without a workspace (c)." /> : null}
      </Box>
      <NoticeLine notice={notice} width={width} />
      <KeyBar
        width={width}
        hints={
          editing
            ? [
                { keys: 'enter', label: 'create' },
                { keys: 'esc', label: 'cancel' },
              ]
            : [
                { keys: 'enter', label: 'create' },
                { keys: 'e', label: 'choose another folder' },
                ...(instructor ? [{ keys: 'c', label: 'continue without' }] : []),
                { keys: 'q', label: 'quit' },
              ]
        }
      />
    </Box>
  );
}
