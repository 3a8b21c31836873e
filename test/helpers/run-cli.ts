import { execa, type Options } from 'execa';
import { cliPath } from './paths.js';

// Runs the built binary as a user would, and returns exit code, stdout and stderr (never throws on failure).
export function runCli(args: string[], options: Options = {}) {
  return runCommand(process.execPath, [cliPath, ...args], options);
}

// Runs a command (the built binary behind a wrapper, say) the same way.
export async function runCommand(command: string, args: string[], options: Options = {}) {
  const result = await execa(command, args, { reject: false, timeout: 60_000, env: { NO_COLOR: '1' }, ...options });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}
