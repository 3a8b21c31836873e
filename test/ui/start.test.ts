import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { inTerminal, screenText, terminalEnv } from './pty.js';
import { removeFolder, tempFolder, tempWorkspace } from './render-app.js';
import { passedCount } from '../helpers/course.js';

// These run the built binary: `npm run build` first (npm test does).

const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';
/** An SGR sequence that sets a foreground or background colour. */
const COLOUR = /\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7])(?:;[0-9;]*)?m/;

const folders: string[] = [];
const terminals: ReturnType<typeof inTerminal>[] = [];
afterEach(async () => {
  // A test that failed midway leaves its terminal running: end it before removing its folder.
  for (const terminal of terminals.splice(0)) await terminal.close();
  for (const dir of folders.splice(0)) removeFolder(dir);
});
const openTerminal = (...args: Parameters<typeof inTerminal>) => {
  const terminal = inTerminal(...args);
  terminals.push(terminal);
  return terminal;
};
const folder = (make: () => string) => {
  const dir = make();
  folders.push(dir);
  return dir;
};

describe('scaling-node-workshop with no command', () => {
  it('outside a terminal prints the course, the workspace state and the commands instead of the UI', async () => {
    const cwd = folder(tempFolder);
    const result = await runCli([], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(passedCount(0));
    expect(result.stdout).toContain('Hello World');
    expect(result.stdout).toContain('scaling-node-workshop verify <lesson>');
    expect(result.stdout).toContain("scaling-node-workshop show <lesson>        the lesson's text");
    expect(result.stdout).not.toContain(ENTER_ALTERNATE_SCREEN);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses options it does not take, in one line', async () => {
    const result = await runCli(['--json'], { cwd: folder(tempFolder), stripFinalNewline: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('scaling-node-workshop: the workshop does not take --json\n');
  });

  it('in a terminal with --no-ui, or under CI, prints the overview too', async () => {
    const cwd = folder(tempFolder);
    for (const [args, env] of [
      [['--no-ui'], terminalEnv()],
      [[], terminalEnv({ CI: 'true' })],
    ] as const) {
      const terminal = openTerminal([process.execPath, cliPath, ...args], { cwd, env });
      expect(await terminal.exited).toBe(0);
      expect(screenText(terminal.output)).toMatch(/Run (npx )?scaling-node-workshop in a terminal to open the workshop\./);
      expect(terminal.output).not.toContain(ENTER_ALTERNATE_SCREEN);
    }
  });

  it('in a terminal opens the UI on the alternate screen, and q gives the terminal back as it was', async () => {
    const cwd = folder(tempWorkspace);
    const terminal = openTerminal([process.execPath, cliPath], { cwd, env: terminalEnv() });
    await terminal.waitFor(passedCount(0));
    expect(terminal.output.startsWith(ENTER_ALTERNATE_SCREEN)).toBe(true);
    expect(terminal.output).toMatch(COLOUR);
    terminal.type('q');
    expect(await terminal.exited).toBe(0);
    const ending = terminal.output.slice(terminal.output.lastIndexOf(ENTER_ALTERNATE_SCREEN));
    expect(ending).toContain(LEAVE_ALTERNATE_SCREEN);
    expect(ending).toContain(SHOW_CURSOR);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('gives the terminal back when it gets %s, and exits with %i', async (signal, code) => {
    const cwd = folder(tempWorkspace);
    const terminal = openTerminal([process.execPath, cliPath], { cwd, env: terminalEnv() });
    await terminal.waitFor(passedCount(0));
    const { execFileSync } = await import('node:child_process');
    const workshop = execFileSync('pgrep', ['-f', '-P', String(terminal.child.pid), cliPath], { encoding: 'utf8' }).trim();
    process.kill(Number(workshop), signal);
    expect(await terminal.exited).toBe(code);
    const ending = terminal.output.slice(terminal.output.lastIndexOf(ENTER_ALTERNATE_SCREEN));
    expect(ending).toContain(LEAVE_ALTERNATE_SCREEN);
    expect(ending).toContain(SHOW_CURSOR);
  });

  it('shows no colours under NO_COLOR, and still marks the state of each lesson', async () => {
    const cwd = folder(tempWorkspace);
    const terminal = openTerminal([process.execPath, cliPath], { cwd, env: terminalEnv({ NO_COLOR: '1' }) });
    await terminal.waitFor(passedCount(0));
    terminal.type('q');
    expect(await terminal.exited).toBe(0);
    expect(terminal.output).not.toMatch(COLOUR);
    expect(screenText(terminal.output)).toMatch(/› ●\s+1\s+Hello World\s+current/);
  });
});
