import { realpathSync } from 'node:fs';
import path from 'node:path';
import { findExecutable } from '../engine/find-executable.js';
import { packageRoot } from '../package-root.js';
import packageJson from '../../package.json' with { type: 'json' };

/** The name the workshop's command is installed under. */
export const WORKSHOP_NAME = 'scaling-node-workshop';

// Where the environment and the installation are read from (the real ones unless a test says otherwise).
export interface CommandSetting {
  env?: NodeJS.ProcessEnv;
  root?: string;
}

let cached: string | undefined;

/**
 * The command a learner types to run the workshop: `scaling-node-workshop` when that name on their PATH
 * is this very installation (`npm install --global`), else `npx scaling-node-workshop`, which works
 * wherever the package is installed or can be fetched. Under npm (npx, npm start) PATH holds npm's own
 * additions, which the learner's shell lacks, so there the npx form is the one that runs as printed.
 */
export function workshopCommand({ env = process.env, root = packageRoot }: CommandSetting = {}): string {
  const real = env === process.env && root === packageRoot;
  if (real && cached !== undefined) return cached;
  const command = onLearnersPath(env, root) ? WORKSHOP_NAME : `npx ${WORKSHOP_NAME}`;
  if (real) cached = command;
  return command;
}

function onLearnersPath(env: NodeJS.ProcessEnv, root: string): boolean {
  if (env.npm_command !== undefined || env.npm_execpath !== undefined) return false;
  const found = findExecutable(WORKSHOP_NAME, env.PATH);
  if (!found) return false;
  try {
    return realpathSync(found) === realpathSync(path.join(root, packageJson.bin[WORKSHOP_NAME]));
  } catch {
    return false;
  }
}

// A workshop command as written in a lesson's text or a starter (`npx scaling-node-workshop verify 4`,
// `scaling-node-workshop run 4`), not a path such as .scaling-node-workshop/ nor the name in prose.
const WRITTEN_COMMAND = new RegExp(`(?<![\\w./-])(?:npx )?${WORKSHOP_NAME}(?=(?: (?:verify|run|hint|show|print|list|solution|init|check|grade)\\b)|\`|$)`, 'gm');

/** Text with every workshop command in it written the way it runs here (see workshopCommand). */
export function adaptCommands(text: string, command = workshopCommand()): string {
  return text.replace(WRITTEN_COMMAND, command);
}
