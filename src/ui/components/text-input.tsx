import { useRef } from 'react';
import { Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';

// A one-line text field: typing or pasting edits the value, backspace deletes, enter submits the
// value, esc cancels. Keys typed faster than the screen redraws each see the value the one before
// left, not the value last drawn.
export function TextInput({ value, onChange, onSubmit, onCancel }: { value: string; onChange: (value: string) => void; onSubmit: (value: string) => void; onCancel: () => void }) {
  const current = useRef(value);
  current.current = value;
  const change = (next: string) => {
    current.current = next;
    onChange(next);
  };
  useKeys(
    (input, key) => {
      if (key.escape) return onCancel();
      if (key.backspace || key.delete) return change(current.current.slice(0, -1));
      if (key.return) return onSubmit(current.current);
      if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return;
      // A paste arrives as one string, possibly ending with the enter that submits it.
      const text = input.replace(/[\x00-\x1f\x7f]/g, '');
      if (text) change(current.current + text);
      if (/[\r\n]/.test(input)) onSubmit(current.current);
    },
    { whole: true },
  );
  return (
    <Text>
      <Text color="cyan">{value}</Text>
      <Text inverse> </Text>
    </Text>
  );
}
