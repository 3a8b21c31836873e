import type { Notice } from '../state/app-state.js';
import { WrappedText } from './wrapped-text.js';

const colors = { info: 'cyan', success: 'green', warning: 'yellow', error: 'red' } as const;

// The screen's message, if any, wrapped to the screen's width.
export function NoticeLine({ notice, width }: { notice: Notice | undefined; width: number }) {
  if (!notice) return null;
  return <WrappedText text={notice.text} width={width} color={colors[notice.tone]} />;
}
