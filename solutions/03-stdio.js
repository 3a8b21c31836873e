import process from 'node:process';
import { createInterface } from 'node:readline';

const NUMBER = /^-?\d+(\.\d+)?$/;

// readline splits the stream into lines as it arrives. crlfDelay: Infinity
// makes "\r\n" count as one line break, so Windows-style input works too,
// and a last line without a newline is still delivered.
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
