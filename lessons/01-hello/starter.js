// Lesson 1: Hello World
//
// Print the line `Hello World` to standard output, then let the program end
// (exit code 0). Run it with:  node 01-hello.js
//
// The lesson text (01-hello.md) explains more; `npx scaling-node-workshop verify 1`
// checks your work.

// Your code here.
