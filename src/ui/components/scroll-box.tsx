import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Box, measureElement, type DOMElement } from 'ink';
import { useKeys } from '../hooks/use-keys.js';

// Where a scrolled view is: the first line shown, how many fit, and how many there are.
export interface ScrollPosition {
  offset: number;
  viewport: number;
  content: number;
}

// A view taller than its space, scrolled by keys: ↑/↓ or k/j one line, PgUp/PgDn or b/space a page,
// Home/End or g/G to the ends. `follow` keeps the end in sight as content grows (live output), and
// stops where the content ended; changing `resetKey` scrolls back to the top.
export function ScrollBox({
  children,
  active = true,
  follow = false,
  resetKey,
  onPosition,
}: {
  children: ReactNode;
  active?: boolean;
  follow?: boolean;
  resetKey?: string;
  onPosition?: (position: ScrollPosition) => void;
}) {
  const outer = useRef<DOMElement>(null);
  const inner = useRef<DOMElement>(null);
  const [size, setSize] = useState({ viewport: 0, content: 0 });
  // Following: pinned to the end whatever the content's length; else the first line shown.
  const [place, setPlace] = useState({ offset: 0, following: follow });
  const maxOffset = Math.max(0, size.content - size.viewport);
  const shown = place.following ? maxOffset : Math.min(place.offset, maxOffset);

  // A new resetKey starts at the top; when following stops, the view stays where the content ended.
  // Adjusted while rendering (not in an effect), so a key pressed at once is not undone afterwards.
  const [seen, setSeen] = useState({ resetKey, follow });
  if (seen.resetKey !== resetKey) {
    setSeen({ resetKey, follow });
    setPlace({ offset: 0, following: follow });
  } else if (seen.follow !== follow) {
    setSeen({ resetKey, follow });
    setPlace({ offset: shown, following: follow });
  }

  // Layout is known only after ink has laid the tree out: measure after every render, update on change.
  useEffect(() => {
    if (!outer.current || !inner.current) return;
    const viewport = measureElement(outer.current).height;
    const content = measureElement(inner.current).height;
    if (viewport !== size.viewport || content !== size.content) setSize({ viewport, content });
  });

  useEffect(() => {
    onPosition?.({ offset: shown, viewport: size.viewport, content: size.content });
  }, [shown, size.viewport, size.content, onPosition]);

  useKeys(
    (input, key) => {
      // Measured now: a key may come before the measuring after the last render.
      if (!outer.current || !inner.current) return;
      const viewport = measureElement(outer.current).height;
      const end = Math.max(0, measureElement(inner.current).height - viewport);
      const page = Math.max(1, viewport - 1);
      let move: ((from: number) => number) | undefined;
      if (key.upArrow || input === 'k') move = (from) => from - 1;
      else if (key.downArrow || input === 'j') move = (from) => from + 1;
      else if (key.pageUp || input === 'b') move = (from) => from - page;
      else if (key.pageDown || input === ' ') move = (from) => from + page;
      else if (key.home || input === 'g') move = () => 0;
      else if (key.end || input === 'G') move = () => end;
      if (!move) return;
      setPlace((previous) => ({ offset: Math.max(0, Math.min(end, move(previous.following ? end : Math.min(previous.offset, end)))), following: false }));
    },
    { isActive: active },
  );

  return (
    <Box ref={outer} flexDirection="column" flexGrow={1} flexShrink={1} overflowY="hidden">
      <Box ref={inner} flexDirection="column" flexShrink={0} marginTop={-shown}>
        {children}
      </Box>
    </Box>
  );
}
