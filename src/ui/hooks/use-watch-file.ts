import { useEffect, useRef, useState } from 'react';
import path from 'node:path';

// Whether watching works: starting up, watching, off, or failed (manual verify still works).
export type WatchStatus = { state: 'off' } | { state: 'starting' } | { state: 'watching' } | { state: 'failed'; error: string };

/** Editors write a file in bursts (truncate, write, rename): one check for the whole burst. */
export const SAVE_DEBOUNCE_MS = 200;

// Calls onSave once per burst of saves of a file in `dir` whose name passes `matches`. The folder is
// watched, not the file, since many editors save by writing a new file and renaming it over the old.
export function useWatchFile({
  dir,
  matches,
  enabled,
  onSave,
  debounceMs = SAVE_DEBOUNCE_MS,
}: {
  dir: string | undefined;
  matches: (name: string) => boolean;
  enabled: boolean;
  onSave: (file: string) => void;
  debounceMs?: number;
}): WatchStatus {
  const [status, setStatus] = useState<WatchStatus>({ state: enabled && dir ? 'starting' : 'off' });
  const latest = useRef({ matches, onSave });
  latest.current = { matches, onSave };

  useEffect(() => {
    if (!enabled || !dir) {
      setStatus({ state: 'off' });
      return;
    }
    setStatus({ state: 'starting' });
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    let close: () => Promise<void> = async () => {};
    const saved = (file: string) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        if (!closed) latest.current.onSave(file);
      }, debounceMs);
    };
    void import('chokidar')
      .then(({ watch }) => {
        if (closed) return;
        const watcher = watch(dir, {
          depth: 0,
          ignoreInitial: true,
          // Only the lesson's files in the folder itself: not the progress folder, not node_modules.
          ignored: (candidate) => path.resolve(candidate) !== path.resolve(dir) && !(path.dirname(path.resolve(candidate)) === path.resolve(dir) && latest.current.matches(path.basename(candidate))),
        });
        close = () => watcher.close();
        watcher.on('add', saved);
        watcher.on('change', saved);
        watcher.on('ready', () => {
          if (!closed) setStatus({ state: 'watching' });
        });
        watcher.on('error', (error) => {
          if (!closed) setStatus({ state: 'failed', error: error instanceof Error ? error.message : String(error) });
        });
      })
      .catch((error: Error) => {
        if (!closed) setStatus({ state: 'failed', error: error.message });
      });
    return () => {
      closed = true;
      if (timer) clearTimeout(timer);
      void close();
    };
  }, [dir, enabled, debounceMs]);

  return status;
}

