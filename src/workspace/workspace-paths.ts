import path from 'node:path';

/** The folder that marks a workspace and holds its progress. */
export const WORKSPACE_MARKER = '.scaling-node-workshop';

/** Where `init` and the UI create a workspace when no folder is named. */
export const DEFAULT_WORKSPACE_NAME = 'scaling-node-workshop';

// The progress file of a workspace.
export function progressFile(workspace: string): string {
  return path.join(workspace, WORKSPACE_MARKER, 'progress.json');
}
