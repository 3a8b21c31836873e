import { useMemo } from 'react';
import { StyledText } from './styled-text.js';
import type { Run } from '../text/wrap-runs.js';

// One key the screen answers to, as the key bar shows it.
export interface KeyHint {
  keys: string;
  label: string;
  /** Shown dimmed: the key exists but does nothing right now. */
  disabled?: boolean;
}

const keyStyle = { color: 'cyan', bold: true };
const disabledStyle = { dim: true };
const labelStyle = {};
const gap = { text: '  ', style: labelStyle };

// The keys of the current screen, at the bottom; wraps onto a second line between keys, never
// inside one.
export function KeyBar({ hints, width }: { hints: readonly KeyHint[]; width: number }) {
  const runs = useMemo(
    () =>
      hints.flatMap((hint, index): Run[] => [
        ...(index > 0 ? [gap] : []),
        { text: hint.keys, style: hint.disabled ? disabledStyle : keyStyle, keep: true },
        { text: ` ${hint.label}`, style: hint.disabled ? disabledStyle : labelStyle, keep: true },
      ]),
    [hints],
  );
  return <StyledText runs={runs} width={width} />;
}
