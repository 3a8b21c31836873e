import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';

const fullScreen = path.join(repoRoot, 'src', 'ui', 'full-screen.ts');

// Runs a script that enters the full screen and then ends in some way; returns what it wrote.
async function endsBy(ending: string) {
  const script = `import { enterFullScreen } from ${JSON.stringify(fullScreen)};\nenterFullScreen(process.stdout, process.stdin);\n${ending}\n`;
  return execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { reject: false, cwd: repoRoot, stripFinalNewline: false });
}

describe('full screen', () => {
  it('is left again, with the cursor shown, when the program exits', async () => {
    const result = await endsBy('process.exitCode = 0;');
    expect(result.stdout).toBe('\x1b[?1049h\x1b[H\x1b[?25h\x1b[?1049l');
    expect(result.exitCode).toBe(0);
  });

  it('is left before a crash is reported, in one line, without our stack trace', async () => {
    const result = await endsBy("setTimeout(() => { throw new Error('the screen broke'); });");
    expect(result.stdout).toBe('\x1b[?1049h\x1b[H\x1b[?25h\x1b[?1049l');
    expect(result.stderr).toBe('scaling-node-workshop: internal error: the screen broke\n');
    expect(result.exitCode).toBe(1);
  });

  it('is left on an unhandled rejection too', async () => {
    const result = await endsBy("Promise.reject(new Error('lost promise'));");
    expect(result.stderr).toBe('scaling-node-workshop: internal error: lost promise\n');
    expect(result.stdout.endsWith('\x1b[?1049l')).toBe(true);
    expect(result.exitCode).toBe(1);
  });
});
