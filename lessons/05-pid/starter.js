// Lesson 5: The process id
//
// Print `process <your pid>`, then `parent <your parent's pid>`.
// 05-pid.md has the details.

import process from 'node:process';

// Your code here.
