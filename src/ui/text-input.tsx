import { Text } from 'ink';
import { useKeys } from './use-keys.js';

// A one-line text field: typing or pasting edits the value, backspace deletes, enter submits the
// value, esc cancels.
export function TextInput({ value, onChange, onSubmit, onCancel }: { value: string; onChange: (value: string) => void; onSubmit: (value: string) => void; onCancel: () => void }) {
  useKeys(
    (input, key) => {
      if (key.escape) return onCancel();
      if (key.backspace || key.delete) return onChange(value.slice(0, -1));
      if (key.return) return onSubmit(value);
      if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return;
      // A paste arrives as one string, possibly ending with the enter that submits it.
      const text = input.replace(/[\x00-\x1f\x7f]/g, '');
      const next = value + text;
      if (text) onChange(next);
      if (/[\r\n]/.test(input)) onSubmit(next);
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
