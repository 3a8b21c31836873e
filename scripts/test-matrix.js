// The version matrix: the whole test suite and the authors' check on each Node major, one after the other
// (they share the machine's cores, and the suite is timing-honest only when it has them).
//   node scripts/test-matrix.js [current] [major ...]     (default: 22 24 26)
// "current" is the node running this script; each major is installed into .node-cache/ (see node-cache.js).
// Prints "Node vXX: N passed, N failed" per Node (the vitest tests, plus the check as one more), then the
// sum of them all; exits 1 when anything failed on any Node. Expects a fresh build (npm run build).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedNode } from './node-cache.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reportsDir = path.join(root, '.ci');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const cli = path.join(root, 'dist', 'src', 'cli', 'bin.js');

const requested = process.argv.slice(2);
const wanted = requested.length > 0 ? requested : ['22', '24', '26'];
for (const entry of wanted) {
  if (entry !== 'current' && !/^\d+$/.test(entry)) {
    console.error(`test-matrix: "${entry}" is neither "current" nor a Node major version`);
    process.exit(2);
  }
}
if (!existsSync(cli)) {
  console.error('test-matrix: no build in dist/: run npm run build first');
  process.exit(2);
}

// Runs a command with this node's bin folder first on PATH (so `node` and npm's scripts in the tests are
// this version too), its output passed through; resolves with the exit code.
function runWith(node, args) {
  const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd: root, env, stdio: 'inherit' });
    child.once('error', (error) => {
      console.error(`test-matrix: could not start ${node}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function versionOf(node) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['-p', 'process.version'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${node} -p process.version exited with ${code}`))));
  });
}

// The suite and the check on one node: its counts (the check counts as one).
async function testOn(node, version, major) {
  const report = path.join(reportsDir, `vitest-report-v${major}.json`);
  rmSync(report, { force: true });
  const started = Date.now();
  console.log(`\n=== Node ${version}: the authors' check`);
  const checkCode = await runWith(node, [cli, 'check']);
  console.log(`\n=== Node ${version}: the test suite`);
  const suiteCode = await runWith(node, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`]);
  let passed = 0;
  let failed = 0;
  const failures = [];
  if (existsSync(report)) {
    const counts = JSON.parse(readFileSync(report, 'utf8'));
    passed = counts.numPassedTests;
    failed = counts.numFailedTests;
    failures.push(...failedTestsIn(counts));
  }
  // A suite that failed outside any test (a broken file, the teardown's leftover processes) is a failure too.
  if (suiteCode !== 0 && failed === 0) failed = 1;
  if (checkCode === 0) passed++;
  else {
    failed++;
    failures.push({ name: "the authors' check", message: `exited with ${checkCode}` });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`=== Node ${version}: ${passed} passed, ${failed} failed, in ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
  return { major, passed, failed, failures };
}

// The failed tests of a vitest JSON report: file and full name, and the first line of the first failure.
function failedTestsIn(report) {
  const failures = [];
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      const firstLine = String(test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
      failures.push({ name: `${path.relative(root, file.name)} > ${test.fullName}`, message: firstLine });
    }
  }
  return failures;
}

mkdirSync(reportsDir, { recursive: true });
const results = [];
const seen = new Set();
for (const entry of wanted) {
  let node;
  try {
    node = entry === 'current' ? process.execPath : await cachedNode(Number(entry));
  } catch (error) {
    console.error(`test-matrix: could not install Node ${entry}: ${error instanceof Error ? error.message : String(error)}`);
    results.push({ major: entry, passed: 0, failed: 1, failures: [{ name: 'installing Node', message: String(error) }] });
    continue;
  }
  const version = await versionOf(node);
  // The machine's own node may already be one of the majors asked for: each major runs once.
  const major = version.slice(1).split('.')[0];
  if (seen.has(major)) continue;
  seen.add(major);
  results.push(await testOn(node, version, major));
}

// The failures again at the end, where a reader of the log's tail finds them.
console.log('');
for (const { major, failures } of results) {
  for (const { name, message } of failures) console.log(`FAILED on Node v${major}: ${name}${message ? `\n    ${message}` : ''}`);
}
for (const { major, passed, failed } of results) console.log(`Node v${major}: ${passed} passed, ${failed} failed`);
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
