const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

// The UI's own screen: entered once, and left exactly once however the workshop ends.
export interface FullScreen {
  restore: () => void;
}

// Switches to the terminal's alternate screen (the learner's shell history stays untouched) and
// makes sure the terminal comes back as it was: on return, on process exit, and on a crash, where
// the error is printed as one line after the screen is restored (otherwise it would vanish with it).
export function enterFullScreen(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): FullScreen {
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    process.off('exit', restore);
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
    try {
      if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    } catch {
      // The terminal is gone: nothing to restore.
    }
    if (stdout.writable) stdout.write(SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
  };
  const crash = (error: unknown) => {
    restore();
    process.stderr.write(`scaling-node-workshop: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.SCALING_NODE_WORKSHOP_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    process.exit(1);
  };
  stdout.write(ENTER_ALTERNATE_SCREEN);
  process.on('exit', restore);
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  return { restore };
}
