import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

// Why a report cannot be written to `file`, or undefined when it can: checked before grading, so a typo
// in --junit does not cost the whole grading run.
export function whyNotWritable(file: string): string | undefined {
  const target = path.resolve(file);
  try {
    if (statSync(target).isDirectory()) return `${file} is a folder`;
    accessSync(target, constants.W_OK);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `${file} cannot be written (${(error as NodeJS.ErrnoException).code})`;
  }
  const dir = path.dirname(target);
  try {
    if (!statSync(dir).isDirectory()) return `${path.dirname(file)} is not a folder`;
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${path.dirname(file)}: no such folder` : `${path.dirname(file)} cannot be written (${code})`;
  }
}
