import { useMemo } from 'react';
import { StyledText } from './styled-text.js';

// Plain text wrapped between words to `width` columns (ink's own wrapping starts lines with the
// space it broke at).
export function WrappedText({ text, width, color, dimColor, bold }: { text: string; width: number; color?: string; dimColor?: boolean; bold?: boolean }) {
  const runs = useMemo(() => [{ text, style: { color, dim: dimColor, bold } }], [text, color, dimColor, bold]);
  return <StyledText runs={runs} width={width} />;
}
