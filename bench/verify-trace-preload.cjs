// Preloaded (node --require) into `verify` by bench/verify-trace.js: records, in ms since the process
// started (performance.now()), when node had booted (this file runs), when the workshop started the
// learner's program and when that program exited, when the verdict was written and when the process
// exited; writes them as one JSON line to the file in VERIFY_TRACE_FILE at exit.
const childProcess = require('node:child_process');
const { syncBuiltinESMExports } = require('node:module');
const { appendFileSync } = require('node:fs');

const marks = { booted: performance.now() };
const spawn = childProcess.spawn;
childProcess.spawn = function tracedSpawn(...args) {
  marks.spawn ??= performance.now();
  const child = spawn.apply(this, args);
  child.once('exit', () => (marks.programExit ??= performance.now()));
  return child;
};
syncBuiltinESMExports();
const write = process.stdout.write;
process.stdout.write = function tracedWrite(chunk, ...rest) {
  if (/PASSED|FAILED/.test(String(chunk))) marks.verdict ??= performance.now();
  return write.call(this, chunk, ...rest);
};
process.once('exit', () => {
  marks.exit = performance.now();
  appendFileSync(process.env.VERIFY_TRACE_FILE, `${JSON.stringify(marks)}\n`);
});
