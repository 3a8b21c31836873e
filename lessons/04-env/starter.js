// Lesson 4: Environment variables
//
// Read PORT (default 8000) and NODE_ENV (default development). Print
// `port <PORT>` and `mode <NODE_ENV>`, or, when PORT is not a whole number
// from 1 to 65535, write `invalid PORT: <value>` to stderr and exit with 1.
// 04-env.md has the details.

import process from 'node:process';

const port = process.env.PORT;

// Your code here: defaults, the check, and the two output lines.
