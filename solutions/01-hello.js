// Lesson 1: print one line to stdout. When the script runs out of work,
// Node exits on its own with code 0.
console.log('Hello World');
