import process from 'node:process';
import { createInterface } from 'node:readline';

const NUMBER = /^-?\d+(\.\d+)?$/;

// readline splits the stream into lines as it arrives, without their breaks:
// "\n", "\r\n" and a lone "\r" each end a line, and a last line without a
// newline is still delivered. crlfDelay only matters when a "\r" ends one
// chunk: a "\n" starting the next one still belongs to it if it comes within
// crlfDelay ms (100 by default), else it ends an extra, empty line (skipped
// below anyway). Infinity keeps "\r\n" one break however late the "\n" is.
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });

for await (const raw of lines) {
  const line = raw.trim();
  if (line === '') continue;
  if (NUMBER.test(line)) {
    console.log(String(2 * Number(line)));
  } else {
    console.error(`you're doing it wrong: ${line}`);
    // Set the code, don't call process.exit(): on a pipe, stdout is written
    // asynchronously, and exiting now could drop output still in the queue.
    process.exitCode = 1;
  }
}
