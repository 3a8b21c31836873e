// C0 and C1 control characters and DEL: what a terminal acts on instead of showing (escape sequences
// that move the cursor, retitle the window, clear the screen), and bidirectional overrides that reorder text.
const controls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character written as its \u escape (ESC as \u001b): safe to print, whoever wrote it. */
export function printable(text: string): string {
  return text.replace(controls, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
