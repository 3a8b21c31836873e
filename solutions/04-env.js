import process from 'node:process';

// `||` (not `??`) so that an empty variable also falls back to the default.
const port = process.env.PORT || '8000';
const mode = process.env.NODE_ENV || 'development';

// Digits only: rejects "80.5", "abc", "-1", "1e3" and " 80" before any
// number conversion gets a chance to be lenient about them.
const valid = /^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;

if (!valid) {
  console.error(`invalid PORT: ${port}`);
  process.exitCode = 1;
} else {
  console.log(`port ${Number(port)}`);
  console.log(`mode ${mode}`);
}
