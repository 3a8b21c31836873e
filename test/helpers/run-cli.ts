import { execa, type Options } from 'execa';
import { cliPath } from './paths.js';

// Runs the built binary as a user would, and returns exit code, stdout and stderr (never throws on failure).
export async function runCli(args: string[], options: Options = {}) {
  const result = await execa(process.execPath, [cliPath, ...args], { reject: false, timeout: 60_000, env: { NO_COLOR: '1' }, ...options });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}
