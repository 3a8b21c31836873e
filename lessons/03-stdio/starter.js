// Lesson 3: Standard input and output
//
// Read standard input line by line, to its end:
//   - a number  -> print twice its value on stdout
//   - empty     -> skip it
//   - anything else -> `you're doing it wrong: <line>` on stderr
// Exit code 1 if anything went to stderr, else 0. 03-stdio.md has the details.

import process from 'node:process';
import { createInterface } from 'node:readline';

// Your code here.
