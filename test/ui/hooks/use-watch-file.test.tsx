import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { Text } from 'ink';
import { useWatchFile } from '../../../src/ui/hooks/use-watch-file.js';
import { removeFolder, tempFolder } from '../render-app.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function Watcher({ dir, enabled, onSave }: { dir: string; enabled: boolean; onSave: (file: string) => void }) {
  const status = useWatchFile({ dir, enabled, matches: (name) => name === 'lesson.js', onSave });
  return <Text>{status.state}</Text>;
}

function watch(enabled = true) {
  const dir = tempFolder();
  writeFileSync(path.join(dir, 'lesson.js'), 'start\n');
  const saves: string[] = [];
  const view = render(<Watcher dir={dir} enabled={enabled} onSave={(file) => saves.push(path.basename(file))} />);
  cleanups.push(() => {
    view.unmount();
    removeFolder(dir);
  });
  return { dir, saves, view };
}

describe('useWatchFile', () => {
  it('reports one save per burst of writes to the file, and none for other files', async () => {
    const { dir, saves, view } = watch();
    await vi.waitFor(() => expect(view.lastFrame()).toBe('watching'));
    writeFileSync(path.join(dir, 'other.js'), 'x\n');
    writeFileSync(path.join(dir, 'lesson.js'), 'one\n');
    writeFileSync(path.join(dir, 'lesson.js'), 'two\n');
    await vi.waitFor(() => expect(saves).toEqual(['lesson.js']));
    // The next save, well after the burst, is reported again.
    writeFileSync(path.join(dir, 'lesson.js'), 'three\n');
    await vi.waitFor(() => expect(saves).toEqual(['lesson.js', 'lesson.js']));
    expect(saves).not.toContain('other.js');
  });

  it('sees a save that replaces the file (write elsewhere, rename over it)', async () => {
    const { dir, saves, view } = watch();
    await vi.waitFor(() => expect(view.lastFrame()).toBe('watching'));
    writeFileSync(path.join(dir, '.lesson.js.tmp'), 'replaced\n');
    renameSync(path.join(dir, '.lesson.js.tmp'), path.join(dir, 'lesson.js'));
    await vi.waitFor(() => expect(saves).toEqual(['lesson.js']));
  });

  it('watches nothing when off', async () => {
    const { view } = watch(false);
    expect(view.lastFrame()).toBe('off');
  });
});
